"""Paragraph text → attribution spans (cue, source) and quote spans. Filled in by issue 4."""


def tag_attributions(text: str, lang: str, existing) -> list:
    return []
