"""A hand-built digest of two real example articles, with every kind of item.

While the analysis issues are still landing, the example site has no quotes,
events or topics; this corpus has them all (real text, real paragraph
numbers, positions checked against the text), so the quote index, the
timeline, the topic pages and their links can be built and checked now. A
hostile topic and quote check escaping on every new page kind.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.corpus import build_corpus
from generator.ingest import ReadOptions, read_file
from generator.model import Actor, ArticleDigest, Corpus, Event, Fact, Figure, Mention, Quote
from tests.conftest import ROOT

CLOCK = ROOT / "articles" / "2015-09-22-clock.txt"
SOCCER = ROOT / "articles" / "2018-06-18-soccer.txt"
HOSTILE = '<script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1))'


def _mention(article, para: int, text: str) -> Mention:
    body = article.paragraphs[para - 1].text
    start = body.index(text)
    return Mention(paragraph=para, start=start, end=start + len(text), text=text)


def _quote(article, para: int, text: str, speaker: str | None, name: str | None = None, partial: bool = False) -> Quote:
    body = article.paragraphs[para - 1].text
    start = body.index(text)
    sentence = next((s for s in body.split(". ") if text in s), None) if partial else None
    return Quote(text=text, paragraph=para, start=start, end=start + len(text), speaker=speaker, speaker_name=name,
                 partial=partial, sentence=sentence)


def demo_digests() -> list[ArticleDigest]:
    [clock] = read_file(CLOCK, ReadOptions())
    [soccer] = read_file(SOCCER, ReadOptions())
    obama = Actor(id="barack-obama", name="Barack Obama", kind="person", role="President of the United States",
                  mentions=(_mention(clock, 1, "Barack Obama"), _mention(clock, 2, "Barack Obama"), _mention(clock, 9, "Barack Obama")))
    hill = Actor(id="marc-lamont-hill", name="Marc Lamont Hill", kind="person", role="professor",
                 mentions=(_mention(clock, 4, "Marc Lamont Hill"),))
    mohamed = Actor(id="ahmed-mohamed", name="Ahmed Mohamed", kind="person",
                    mentions=(_mention(clock, 1, "Ahmed Mohamed"), _mention(clock, 3, "Mohamed"), _mention(clock, 11, "Mohamed")))
    google = Actor(id="google", name="Google", kind="organization", mentions=(_mention(clock, 5, "Google"),))
    texas = Actor(id="texas", name="Texas", kind="place", mentions=(_mention(clock, 1, "Texas"),))
    clock_digest = ArticleDigest(
        article=clock,
        actors=(obama, hill, mohamed, google, texas),
        quotes=(
            _quote(clock, 4, "Hoping that the #istandwithahmed movement translates into a substantive national conversation", "marc-lamont-hill"),
            _quote(clock, 10, "Cool clock, Ahmed. Want to bring it to the White House?", "barack-obama"),
            _quote(clock, 4, "support movement", None, name="The Straits Times", partial=True),
        ),
        facts=(Fact(rank=1, text=clock.paragraphs[2].text.split(". ")[0] + ".", paragraph=3),
               Fact(rank=2, text=clock.paragraphs[6].text.split(". ")[-1], paragraph=7)),
        figures=(Figure(text="over one million times", value="1000000", counts="uses of the hashtag", paragraph=7),),
        events=(
            Event(start="2015-09-14", end="2015-09-14", precision="day", expression="September 14",
                  text="Mohamed brought the digital clock he made to school.", paragraph=3, actors=("ahmed-mohamed",)),
            Event(start="2015-09-21", end="2015-09-21", precision="day", expression="Yesterday",
                  text="Mohamed received VIP attention at Google headquarters.", paragraph=1),
            Event(start="2015-09-23", end="2015-09-23", precision="day", expression="Wednesday", planned=True,
                  text="Mohamed and his father are to travel to the United Nations.", paragraph=6),
            Event(start="2015-09-01", end="2015-09-30", precision="month", expression="this month", approximate=True,
                  text=HOSTILE, paragraph=12),
        ),
        topics=("education", "social media", HOSTILE),
    )
    kane = Actor(id="harry-kane", name="Harry Kane", kind="person", role="England captain",
                 mentions=(_mention(soccer, 1, "Harry Kane"),))
    soccer_digest = ArticleDigest(
        article=soccer,
        actors=(kane,),
        quotes=(_quote(soccer, 1, "Sweden defeated South Korea", "harry-kane"),),
        facts=(Fact(rank=1, text=soccer.paragraphs[0].text, paragraph=1),),
        events=(
            Event(start="2018-06-18", end="2018-06-18", precision="day", expression="Yesterday",
                  text="Day five of the 2018 FIFA World Cup.", paragraph=1, actors=("harry-kane",)),
            Event(start="2018-01-01", end="2018-12-31", precision="year", expression="2018",
                  text="The 2018 FIFA World Cup.", paragraph=1),
        ),
        # "football" is in this article alone and no actor: the corpus drops it (a topic links two articles)
        topics=("social media", "football", "education", HOSTILE),
    )
    return [clock_digest, soccer_digest]


def demo_corpus() -> Corpus:
    return build_corpus(demo_digests())


def demo_project(dest: Path) -> Path:
    """A copy of the project whose section holds the demo pages; the plugin runs with `enabled: false`."""
    from generator.output import write_section
    from generator.render import render

    for name in ("mkdocs.yml", "docs"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("articles"))
        else:
            shutil.copy(src, dest / name)
    config = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      section: articles\n" in config
    (dest / "mkdocs.yml").write_text(config.replace("      section: articles\n", "      section: articles\n      enabled: false\n"), encoding="utf-8")
    write_section(dest / "docs" / "articles", render(demo_corpus()))
    return dest
