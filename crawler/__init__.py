"""newsarchive's Scrapy project: outlets, discovery, politeness, incremental state, WARC capture."""
