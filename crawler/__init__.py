"""The Scrapy project: a generic spider driven by source files, WARC archiving and storage."""
