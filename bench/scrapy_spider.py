#!/usr/bin/python3
"""bench/scrapy_spider.py: the Scrapy peer of `gapwatch crawl` + `gapwatch extract`.

What it does
    Crawls the simulator's procurement site (gpcms generation) as gapwatch does
    (sites.yaml, source `gpcms`): robots.txt, then every page of the list API
    with the same query and page size, then each row's getInfoById detail. It
    extracts the same fields: from the list row openTenderCode, title,
    purchaser, agency, budget, noticeTime, noticeType (with sites.yaml's kind
    map); from the detail's HTML the label-value fields of sites.yaml's detail
    rules (project_code, opening, decided, signed, supplier, amount_yuan) and
    the lots table (the table with a 供应商名称 column), normalised roughly as
    parsers/normalise.h does. One JSON line per notice goes to --out.

How it runs
    robots.txt obeyed, AutoThrottle off, no delay, --concurrency requests at a
    time (CONCURRENT_REQUESTS and CONCURRENT_REQUESTS_PER_DOMAIN), otherwise
    Scrapy's defaults (retries, cookies, memory queues). It talks only to
    127.0.0.1: any other base URL is refused and OffsiteMiddleware keeps it
    there. Debian's python3-scrapy (2.8) under /usr/bin/python3.

Usage
    /usr/bin/python3 bench/scrapy_spider.py --base http://127.0.0.1:PORT --out items.jsonl
        [--concurrency N] [--list-query QUERY] [--log-level INFO]
    --list-query is the list request's query string with {page} for the page
    number (bench/crawl passes the one gapwatch sent, so that both clients
    request byte-identical URLs); the default is sites.yaml's, encoded as
    gapwatch encodes it (keys sorted).

At the end it prints one JSON line on stdout, from Scrapy's stats:
{"requests": N, "responses": N, "items": N, "errors": N, "retries": N}.
"""

import argparse
import json
import re
import sys
import urllib.parse

import scrapy
from parsel import Selector
from scrapy.crawler import CrawlerProcess

LIST_PATH = "/gpcms/rest/web/v2/info/selectInfoForIndex"
DETAIL_PATH = "/gpcms/rest/web/v2/info/getInfoById"
PAGE_SIZE = 50

# sites.yaml, sites.procurement.sources[gpcms].list.query, plus the paging parameters.
LIST_QUERY = {
    "siteId": "cd64e06a-21a7-4620-aebc-0576bab7e07a",
    "channel": "fca71be5-fc0c-45db-96af-f513e9abda9d",
    "regionCode": "440200",
    "noticeType": "",
    "subChannel": "false",
    "selectTimeName": "noticeTime",
    "pageSize": str(PAGE_SIZE),
    "currPage": "{page}",
}

# sites.yaml, item.kind.map.
KINDS = {
    "59": "intention", "001051": "single_source", "001052": "prequalification",
    "001053": "prequalification", "00101": "tender", "001011": "tender", "001012": "tender",
    "001013": "tender", "001014": "tender", "001015": "tender", "00102": "award",
    "001021": "award", "001025": "award", "001026": "award", "00103": "correction",
    "001031": "correction", "001032": "correction", "001004": "termination",
    "001006": "termination", "001054": "contract", "001009": "acceptance", "00105A": "acceptance",
}

# sites.yaml, detail.fields: field -> (labels in order of preference, normaliser).
DETAIL_FIELDS = {
    "project_code": (["项目编号", "采购项目编号"], "code"),
    "opening": (["开标时间", "提交投标文件截止时间和开标时间"], "datetime"),
    "decided": (["中标（成交）确定日期", "确定日期", "定标日期"], "date"),
    "signed": (["合同签订日期", "签订日期"], "date"),
    "supplier": (["供应商（乙方）", "乙方", "中标（成交）供应商名称"], "text"),
    "amount_yuan": (["合同金额", "中标（成交）金额", "成交金额"], "money"),
}
LOT_COLUMNS = {
    "name": ["标项名称", "包组", "标段"],
    "supplier": ["供应商名称"],
    "amount_yuan": ["中标（成交）金额", "成交金额"],
}

# ---- normalisers (a reasonable subset of parsers/normalise.h) ----

TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"[\s\u00a0\u3000]+")
FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def text(value):
    value = TAG.sub("", str(value or "")).translate(FULL_WIDTH)
    value = value.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return SPACE.sub(" ", value).strip()


def code(value):
    return text(value).replace(" ", "").upper().strip("[]()【】")


MONEY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(亿|万元|万)?")


def money(value, unit_hint="元"):
    value = text(value)
    match = MONEY.search(value)
    if not match or "%" in value[match.end():match.end() + 1]:
        return None
    amount = float(match.group(1).replace(",", ""))
    unit = match.group(2) or ("万" if unit_hint == "万元" else "")
    amount *= {"亿": 1e8, "万元": 1e4, "万": 1e4}.get(unit, 1)
    return f"{amount:.2f}"


DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
TIME = re.compile(r"\s*(\d{1,2})\s*[:时点]\s*(\d{1,2})\s*分?(?:\s*:\s*(\d{1,2}))?")


def date(value):
    match = DATE.search(text(value))
    return f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}" if match else None


def datetime(value):
    value = text(value)
    match = DATE.search(value)
    if not match:
        return None
    day = f"{int(match[1]):04d}-{int(match[2]):02d}-{int(match[3]):02d}"
    clock = TIME.match(value, match.end())
    if not clock:
        return day
    return f"{day}T{int(clock[1]):02d}:{int(clock[2]):02d}:{int(clock[3] or 0):02d}+08:00"


NORMALISERS = {"text": text, "code": code, "money": money, "date": date, "datetime": datetime}

# ---- label-value lines ----

# Optional numbering before a label (一、 1. （一） (1)), as parsers/extractor.cc allows.
NUMBERING = (r"\s*(?:(?:[一二三四五六七八九十]+[、.．]|[0-9０-９]+[.．、]"
             r"|[（(][一二三四五六七八九十0-9０-９]+[）)])\s*)*")
# After the label: an optional unit, then a colon, spaces or the end of the cell; group 2 is the value.
AFTER_LABEL = r"\s*(?:[（(]\s*(万元|元)\s*[）)])?\s*(?:[：:]\s*|\s+|$)(.*)"


def label_pattern(label):
    parts = []
    for char in label:
        if char in "（(":
            parts.append("[（(]")
        elif char in "）)":
            parts.append("[）)]")
        else:
            parts.append(re.escape(char))
    return re.compile(NUMBERING + r"\s*".join(parts) + AFTER_LABEL, re.S)


LABELS = {field: ([label_pattern(label) for label in labels], kind) for field, (labels, kind) in DETAIL_FIELDS.items()}
LABEL_START = re.compile(r"[ ，,；;。]")


def lines_of(selector):
    """The notice as lines of cells: one per paragraph or heading, one per table row."""
    lines = []
    for node in selector.xpath("//p | //h1 | //h2 | //h3 | //h4 | //li | //tr"):
        if node.root.tag == "tr":
            lines.append([text(cell.xpath("string()").get()) for cell in node.xpath("./td | ./th")])
        else:
            lines.append([text(node.xpath("string()").get())])
    return lines


def label_value(lines, patterns, kind):
    for pattern in patterns:
        for cells in lines:
            for i, cell in enumerate(cells):
                starts = [0] + [m.end() for m in LABEL_START.finditer(cell)]
                for start in starts:
                    match = pattern.fullmatch(cell, start)
                    if not match:
                        continue
                    value = match.group(2).strip(" ；;。，,")
                    if not value and i + 1 < len(cells):
                        value = cells[i + 1]
                    normalised = money(value, match.group(1) or "元") if kind == "money" else NORMALISERS[kind](value)
                    if normalised:
                        return normalised
    return None


def header_key(cell):
    return text(cell).replace(" ", "").replace("（", "(").replace("）", ")")


def lots_of(selector):
    lots = []
    for table in selector.xpath("//table"):
        rows = [[text(c.xpath("string()").get()) for c in row.xpath("./td | ./th")] for row in table.xpath(".//tr")]
        if not rows:
            continue
        header = [header_key(cell) for cell in rows[0]]
        if header_key("供应商名称") not in header:
            continue
        columns = {}
        for field, names in LOT_COLUMNS.items():
            for name in names:
                key = header_key(name)
                if key in header:
                    columns[field] = header.index(key)
                    break
        for row in rows[1:]:
            lot = {}
            for field, index in columns.items():
                value = row[index] if index < len(row) else ""
                lot[field] = money(value) if field == "amount_yuan" else text(value)
            lots.append(lot)
    return lots


# ---- the spider ----


class GpcmsSpider(scrapy.Spider):
    name = "gpcms"
    allowed_domains = ["127.0.0.1"]

    def __init__(self, base, list_query, **kwargs):
        super().__init__(**kwargs)
        self.base = base.rstrip("/")
        self.list_query = list_query

    def list_url(self, page):
        return f"{self.base}{LIST_PATH}?{self.list_query.replace('{page}', str(page))}"

    def start_requests(self):
        yield scrapy.Request(self.list_url(1), callback=self.parse_list, cb_kwargs={"page": 1})

    def parse_list(self, response, page):
        data = response.json()["data"]
        if page == 1:
            size = int(dict(urllib.parse.parse_qsl(self.list_query, keep_blank_values=True))["pageSize"])
            pages = -(-int(data["total"]) // size)
            for later in range(2, pages + 1):
                yield scrapy.Request(self.list_url(later), callback=self.parse_list, cb_kwargs={"page": later})
        for row in data["rows"]:
            listed = {
                "project_code": code(row.get("openTenderCode")),
                "title": text(row.get("title")),
                "buyer": text(row.get("purchaser")),
                "agency": text(row.get("agency")),
                "budget_yuan": money(row.get("budget")),
                "published": datetime(row.get("noticeTime")),
                "notice_type": row.get("noticeType"),
            }
            yield scrapy.Request(f"{self.base}{DETAIL_PATH}?id={row['id']}", callback=self.parse_detail,
                                 cb_kwargs={"notice_id": row["id"], "listed": listed})

    def parse_detail(self, response, notice_id, listed):
        data = response.json()["data"]
        selector = Selector(text=data.get("content") or "<html></html>")
        lines = lines_of(selector)
        detail = {field: label_value(lines, patterns, kind) for field, (patterns, kind) in LABELS.items()}
        yield {
            "id": notice_id,
            "url": response.url,
            "kind": KINDS.get(listed["notice_type"], "other"),
            "list": listed,
            "detail": detail,
            "lots": lots_of(selector),
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True, help="the simulator's procurement base URL, http://127.0.0.1:PORT")
    parser.add_argument("--out", required=True, help="JSON lines file for the items (overwritten)")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--list-query", default=urllib.parse.urlencode(sorted(LIST_QUERY.items()), safe="{}"))
    parser.add_argument("--log-level", default="WARNING")
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base).hostname
    if host != "127.0.0.1":
        sys.exit(f"scrapy_spider.py: only 127.0.0.1 is crawled, not {host!r}")

    process = CrawlerProcess({
        "ROBOTSTXT_OBEY": True,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": args.concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
        "TELNETCONSOLE_ENABLED": False,
        "USER_AGENT": "scrapy-bench (gapwatch benchmark peer)",
        "LOG_LEVEL": args.log_level,
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
        "FEED_EXPORT_ENCODING": "utf-8",
        "FEEDS": {args.out: {"format": "jsonlines", "overwrite": True}},
    })
    crawler = process.create_crawler(GpcmsSpider)
    process.crawl(crawler, base=args.base, list_query=args.list_query)
    process.start()
    stats = crawler.stats.get_stats()
    print(json.dumps({
        "requests": stats.get("downloader/request_count", 0),
        "responses": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "retries": stats.get("retry/count", 0),
    }))


if __name__ == "__main__":
    main()
