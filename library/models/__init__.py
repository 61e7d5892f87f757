from library.models.campaigns import Campaign, CampaignPhase
from library.models.experts import Expert
from library.models.home import HomePage
from library.models.membership import Membership
from library.models.organisations import CertificationBody, District, Industry, PilotRegion
from library.models.seeds import ReferenceSeed
from library.models.site_settings import SiteSettings
from library.models.standard import Clause

__all__ = [
    "Campaign",
    "CampaignPhase",
    "CertificationBody",
    "Clause",
    "District",
    "Expert",
    "HomePage",
    "Industry",
    "Membership",
    "PilotRegion",
    "ReferenceSeed",
    "SiteSettings",
]
