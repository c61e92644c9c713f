"""Content: news, case studies, policy briefs, guides and pages, their feeds, follows and digests."""
