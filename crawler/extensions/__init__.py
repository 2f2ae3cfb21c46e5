"""Scrapy extensions of the crawl that are not about one outlet or one response."""
