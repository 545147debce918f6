"""Scrapy settings for crosstally: polite by default, every response archived.

Per-source politeness (delay, concurrency, robots, user agent) is applied by the spider
from the source file at "spider" priority; ``crosstally crawl --timeout/--delay/--max-pages``
override at "cmdline" priority. A few values also read the environment, for cron jobs
that call ``scrapy crawl`` directly.
"""

import os

BOT_NAME = "crosstally"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = (
    "crosstally/0.1 (+https://github.com/crosstally/crosstally; "
    "research crawler for human-rights monitoring)"
)
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Politeness: AutoThrottle adapts the delay to the server's latency, never below
# DOWNLOAD_DELAY; per-domain concurrency comes from each source's politeness block.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = float(os.environ.get("CROSSTALLY_DOWNLOAD_TIMEOUT", "30"))
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# A URL that still fails is reported once by the recorder, with its reason.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# No duplicate filter: Scrapy's drops requests without a word (a redirect back to a page
# already fetched would leave its URL with no outcome at all). The spider keeps its own
# seen set of canonical URLs, and REDIRECT_MAX_TIMES ends loops as "too_many_redirects".
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"
# HttpCompressionMiddleware applies DOWNLOAD_MAXSIZE to the decompressed body too, so
# gzip and brotli bombs fail as "too_large".
REDIRECT_MAX_TIMES = 10

# Only HTTP(S) is ever fetched. Source files and --start-url are validated, links and
# redirects to other schemes are dropped; removing Scrapy's file:, data:, ftp: and s3:
# handlers as well means that no request that slips through can read a local file.
DOWNLOAD_HANDLERS = {"file": None, "data": None, "ftp": None, "s3": None}

DOWNLOADER_MIDDLEWARES = {
    # Scrapy's own lets queued requests through while robots.txt downloads (see there).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.SerialRobotsTxtMiddleware": 100,
    # Before the request leaves: validators from the latest capture of the URL.
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    # Above 600 so each response is archived before redirects, retries and
    # decompression act on it (responses pass middlewares from high to low).
    "crawler.middlewares.ArchiveMiddleware": 950,
}
ITEM_PIPELINES = {
    "crawler.pipelines.unchanged.SkipUnchangedPipeline": 100,
    "crawler.pipelines.extract.ExtractArticlePipeline": 200,
    "crawler.pipelines.store.StoreDocumentPipeline": 300,
}
EXTENSIONS = {
    "crawler.recorder.RunRecorder": 500,
}

# Our own progress at INFO; Scrapy's chatter is raised to WARNING by crawler.runner
# (and by the recorder for bare `scrapy crawl`).
LOG_LEVEL = os.environ.get("CROSSTALLY_LOG_LEVEL", "INFO")
CROSSTALLY_SCRAPY_LOG_LEVEL = "WARNING"
CROSSTALLY_PROGRESS_EVERY = int(os.environ.get("CROSSTALLY_PROGRESS_EVERY", "25"))

# Filled by crawler.runner, or from the CROSSTALLY_* environment under `scrapy crawl`.
CROSSTALLY_DATA_DIR = None
CROSSTALLY_DATABASE_URL = None
CROSSTALLY_SOURCES_DIR = None
CROSSTALLY_RUN_ID = None
CROSSTALLY_OWNS_RUN = False
CROSSTALLY_MAX_PAGES = int(os.environ.get("CROSSTALLY_MAX_PAGES", "0")) or None

FEED_EXPORT_ENCODING = "utf-8"
