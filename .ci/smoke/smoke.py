"""The production smoke test, run by .ci/smoke/run.sh against two gunicorn processes.

Through process A (as the demo city editor, over HTTP, like a browser): upload a document
into 北辰区's collection and publish a case that attaches it. Through process B: find the
case with /api/search/ (the worker drains the search outbox into Elasticsearch) and
download the attachment anonymously (a redirect to a signed URL of the private S3 bucket,
once the worker has recorded that a live page uses it). Exits non-zero with a message
saying which step failed.
"""

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
EDITOR, PASSWORD = "editor", "tjqms-demo-2024"
PDF = b"%PDF-1.4\n% tjqms smoke attachment " + secrets.token_hex(8).encode() + b"\n%%EOF\n"
WAIT_SECONDS = 90


def step(message):
    print(f"[smoke] {message}", file=sys.stderr, flush=True)


def fail(message):
    print(f"[smoke] FAILED: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


class BehindTLSProxy(requests.Session):
    """The processes run the production settings (secure cookies, HTTPS) behind what would be
    a TLS-terminating load balancer; here the client plays that balancer on plain HTTP: it
    says the request came in over HTTPS and sends the secure cookies back itself."""

    def request(self, method, url, **kwargs):
        headers = dict(kwargs.pop("headers", None) or {})
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)
        if cookies:
            headers["Cookie"] = cookies
        return super().request(method, url, headers=headers, **kwargs)


def session_for(base):
    session = BehindTLSProxy()
    host = base.split("://", 1)[1]
    session.headers.update(
        {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/admin/",
        }
    )
    return session


def lookup():
    """Ids the admin forms need, read with the operator's manage.py (same settings)."""
    code = (
        "import json;from library.models import District;"
        "d=District.objects.get(name='北辰区');"
        "print(json.dumps({'section': d.cases_section.id, 'collection': d.collection_id}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ,
        timeout=120,
    )
    if result.returncode:
        fail(f"lookup failed: {result.stderr[-1500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class FormFields(HTMLParser):
    """What a browser would submit from the page's forms (hidden management forms etc.)."""

    def __init__(self):
        super().__init__()
        self.fields = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if kind in {"submit", "button", "file"}:
                return
            self.fields.setdefault(name, attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "textarea" and name:
            self.fields.setdefault(name, "")
        elif tag == "select" and name:
            self._select = name
            # A multiple select with nothing selected submits nothing at all.
            if "multiple" not in attrs:
                self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_fields(html):
    parser = FormFields()
    parser.feed(html)
    return parser.fields


def errors_in(html):
    found = re.findall(
        r'class="[^"]*(?:error-message|help-critical)[^"]*"[^>]*>(.*?)</', html, re.S
    )
    return [re.sub(r"<[^>]+>|\s+", " ", item).strip() for item in found if item.strip()] or [
        html[:500]
    ]


def login(session, base):
    session.get(f"{base}/admin/login/").raise_for_status()
    response = session.post(
        f"{base}/admin/login/",
        data={
            "username": EDITOR,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "next": "/admin/",
        },
        allow_redirects=False,
    )
    if response.status_code != 302:
        fail(f"login on A answered {response.status_code}: {errors_in(response.text)}")


def upload_document(session, base, collection):
    session.get(f"{base}/admin/documents/chooser/").raise_for_status()
    response = session.post(
        f"{base}/admin/documents/chooser/create/",
        data={
            "document-chooser-upload-title": "烟测整改方案",
            "document-chooser-upload-collection": str(collection),
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        files={"document-chooser-upload-file": ("smoke-plan.pdf", PDF, "application/pdf")},
    )
    response.raise_for_status()
    body = response.json()
    if body.get("step") != "chosen":
        fail(f"document upload on A was not accepted: {errors_in(body.get('htmlFragment', ''))}")
    return body["result"]


def rich_text(text):
    block = {
        "key": "smoke",
        "text": text,
        "type": "unstyled",
        "depth": 0,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}}, ensure_ascii=False)


def publish_case(session, base, section, document, token):
    add_url = f"{base}/admin/pages/add/cases/casepage/{section}/"
    page = session.get(add_url)
    if page.status_code != 200:
        fail(f"the case add form on A answered {page.status_code}")
    data = form_fields(page.text)
    title = f"津沽精工烟测案例 {token}"
    data.update(
        {
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "title": title,
            "slug": f"smoke-{token}",
            "enterprise_name": f"天津津沽精工烟测有限公司 {token}",
            "enterprise_size": "small",
            "summary": f"烟测：小微企业建立质量管理体系后不合格品率下降。{token}",
            "eligible_normal_operation": "on",
            "eligible_not_abnormal_list": "on",
            "eligible_not_dishonest_list": "on",
            "eligible_no_quality_penalty": "on",
            "body-count": "1",
            "body-0-type": "section",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "",
            "body-0-value-kind": "results",
            "body-0-value-content-count": "2",
            "body-0-value-content-0-type": "paragraph",
            "body-0-value-content-0-deleted": "",
            "body-0-value-content-0-order": "0",
            "body-0-value-content-0-id": "",
            "body-0-value-content-0-value": rich_text(f"烟测正文，检索词 {token}。"),
            "body-0-value-content-1-type": "attachment",
            "body-0-value-content-1-deleted": "",
            "body-0-value-content-1-order": "1",
            "body-0-value-content-1-id": "",
            "body-0-value-content-1-value-document": str(document["id"]),
            "body-0-value-content-1-value-title": "整改方案",
        }
    )
    # A smoke case cannot pass every automatic check (no ledger, no metrics), so it goes the
    # way an editor's 发布 of such a draft goes: saved, a reason recorded for each failing
    # check (review/override/), then published.
    response = session.post(add_url, data=data, allow_redirects=False)
    match = re.search(r"/admin/pages/(\d+)/edit/", response.headers.get("Location", ""))
    if response.status_code != 302 or not match:
        fail(f"saving the case on A was refused: {errors_in(response.text)}")
    page_id = match.group(1)
    record_reasons(session, base, page_id)
    edit_url = f"{base}/admin/pages/{page_id}/edit/"
    data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
    data["action-publish"] = "action-publish"
    response = session.post(edit_url, data=data, allow_redirects=False)
    if response.status_code != 302 or "/edit/" in response.headers.get("Location", ""):
        fail(f"publishing the case on A was refused: {errors_in(response.text)}")
    return title


def record_reasons(session, base, page_id):
    url = f"{base}/admin/review/override/{page_id}/"
    page = session.get(url)
    if page.status_code != 200:
        fail(f"the override form on A answered {page.status_code}")
    data = form_fields(page.text)
    reasons = [name for name in data if name.startswith("reason_")]
    if not reasons:
        fail("the override form on A listed no failing check")
    for name in reasons:
        data[name] = "烟测：验证发布、检索与下载链路，由市级编辑记录例外。"
    data["csrfmiddlewaretoken"] = session.cookies["csrftoken"]
    response = session.post(url, data=data, allow_redirects=False)
    if response.status_code != 302:
        fail(f"recording the reasons on A was refused: {errors_in(response.text)}")


def wait_for(description, probe):
    deadline = time.monotonic() + WAIT_SECONDS
    last = None
    while time.monotonic() < deadline:
        ok, last = probe()
        if ok:
            return last
        time.sleep(1)
    fail(f"{description} within {WAIT_SECONDS}s; last answer: {last}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--a", required=True)
    parser.add_argument("--b", required=True)
    args = parser.parse_args()
    token = "smoke" + secrets.token_hex(4)

    ids = lookup()
    editor_a = session_for(args.a)
    step("log in as the city editor on A")
    login(editor_a, args.a)
    step("upload the attachment into 北辰区's collection on A")
    document = upload_document(editor_a, args.a, ids["collection"])
    step(f"publish a case on A that attaches document {document['id']}")
    title = publish_case(editor_a, args.a, ids["section"], document, token)

    visitor_b = session_for(args.b)

    def search_b():
        response = visitor_b.get(f"{args.b}/api/search/", params={"q": token})
        if response.status_code != 200:
            return False, f"{response.status_code} {response.text[:300]}"
        titles = [hit["title"] for hit in response.json().get("results", [])]
        return title in titles, titles

    step(f"search for {token} on B")
    wait_for("the case was not found through B's /api/search/", search_b)

    def download_b():
        response = visitor_b.get(f"{args.b}{document['url']}", allow_redirects=False)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or "/admin/login/" in location:
            return False, f"{response.status_code} {location}"
        return True, location

    step("download the attachment anonymously through B")
    location = wait_for("the attachment was not handed out by B", download_b)
    s3_endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "")
    if not location.startswith(s3_endpoint) or "X-Amz-Signature=" not in location:
        fail(f"B did not redirect to a signed S3 URL: {location}")
    data = requests.get(location, timeout=30)
    if data.status_code != 200 or data.content != PDF:
        fail(f"the attachment from S3 differs ({data.status_code}, {len(data.content)} bytes)")
    unsigned = requests.get(location.split("?", 1)[0], timeout=30)
    if unsigned.status_code != 403:
        fail(f"the bucket answered {unsigned.status_code} to an unsigned request")

    if visitor_b.get(f"{args.b}/health/").status_code != 404:
        fail("B shows the detailed /health/ to an anonymous visitor")
    health = visitor_b.get(
        f"{args.b}/health/", headers={"Authorization": f"Bearer {os.environ['HEALTH_TOKEN']}"}
    ).json()
    if health["status"] != "ok":
        fail(f"B's health is {health['status']}: {health['down']}")
    step(f"ok: published on A, found and downloaded through B; health {health['checks']}")


if __name__ == "__main__":
    main()
