from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.engines import get_engine
from search.evaluation import CORPUS, QUERIES, evaluate, load_queries


class Command(BaseCommand):
    help = "用评测查询集衡量搜索相关性：每个引擎的 nDCG@10、MRR、recall@10"

    def add_arguments(self, parser):
        parser.add_argument("--engine", choices=["database", "elasticsearch", "all"], default="all")
        parser.add_argument("--queries", default=str(QUERIES))
        parser.add_argument(
            "--load", action="store_true", help=f"先导入并发布评测语料 {CORPUS.name}，再重建索引"
        )
        parser.add_argument("--worst", type=int, default=5, help="列出得分最低的查询数")

    def handle(self, *args, engine, queries, load, worst, **options):
        if load:
            from review.publication import seed_publication
            from search.importer import import_lines
            from search.rebuild import rebuild

            # The evaluation corpus is seed data, published as the demo content is: its
            # courses are created before their lessons, without year or audience.
            with open(CORPUS, encoding="utf-8") as handle, seed_publication():
                report = import_lines(handle, publish=True)
            if report.failed:
                raise CommandError(f"语料导入失败：{report.failed[:5]}")
            rebuild()
        names = ["database", "elasticsearch"] if engine == "all" else [engine]
        if "elasticsearch" in names and not settings.ELASTICSEARCH_URL:
            if engine == "elasticsearch":
                raise CommandError("未设置 ELASTICSEARCH_URL")
            names.remove("elasticsearch")
        judged = load_queries(queries)
        results = [evaluate(get_engine(name), judged) for name in names]
        self.stdout.write(f"{len(judged)} 条评测查询\n")
        self.stdout.write(f"{'engine':<15}{'nDCG@10':>10}{'MRR':>10}{'recall@10':>12}")
        for scores in results:
            self.stdout.write(
                f"{scores.engine:<15}{scores.ndcg:>10.4f}{scores.mrr:>10.4f}{scores.recall:>12.4f}"
            )
            for query, value in sorted(scores.per_query, key=lambda item: item[1])[:worst]:
                self.stdout.write(f"    {value:.3f}  {query}")
        if len(results) == 2:
            self.stdout.write(f"nDCG@10 差值：{abs(results[0].ndcg - results[1].ndcg):.4f}")
