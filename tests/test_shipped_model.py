"""The shipped model on the bundled examples (our own writing): news kept, furniture dropped,
whatever the language."""
from pathlib import Path

import pytest

from junkfilter import clean_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "raw"


@pytest.mark.parametrize("name, kept, dropped", [
    ("library-reopens.txt",
     ["Riverside library reopens after two-year restoration",
      "Hundreds of people queued outside before the doors opened",
      "\"We were worried people would have found other places to go,\""],
     ["新闻中心", "Home", "点击:612", "适用于奔驰C级后视镜", "Leave a Reply", "Copyright © 2025"]),
    ("de/hitzewelle.txt",
     ["Hitzewelle: Landkreis öffnet Badeseen länger", "Der Landkreis reagiert damit auf Temperaturen",
      "„Wir wollen, dass die Menschen sich abkühlen können"],
     ["Startseite", "Wir verwenden Cookies", "Alle akzeptieren", "Impressum | Datenschutz"]),
    ("zh/metro.txt",
     ["地铁五号线南延段今日开通", "南延段开通后，南部新城到市中心的通勤时间", "“以前每天要换两次公交"],
     ["首页 > 新闻 > 城市", "分享到", "联系我们", "Copyright © 2025 城市日报"]),
])
def test_shipped_model_keeps_news_and_drops_furniture(shipped_model, name, kept, dropped):
    cleaned = clean_text((EXAMPLES / name).read_text(encoding="utf-8"), shipped_model)
    for text in kept:
        assert text in cleaned, f"dropped content: {text}"
    for text in dropped:
        assert text not in cleaned, f"kept junk: {text}"


def test_shipped_model_keeps_the_copies_of_a_plans_repeated_lines(shipped_model):
    """A training plan repeats its own lines week after week (content); the page repeats its
    share row, advertisement label and menu (furniture, every copy). The model before the
    first-copy score kept one of the eight cool-down lines and none of weeks two and three; a copy four lines below its
    twin (the same session on Monday and Wednesday) can still be lost, so some slack is left."""
    lines = clean_text((EXAMPLES / "running-plan.txt").read_text(encoding="utf-8"), shipped_model).splitlines()
    assert {"Week 1", "Week 2", "Week 3"} <= set(lines)
    assert [lines.count(day) for day in ("Monday", "Wednesday", "Saturday")] == [3, 3, 3]
    assert lines.count("Walk briskly for 10 minutes to warm up") >= 6
    assert lines.count("Walk for 5 minutes to cool down") >= 6
    for furniture in ("Share: Facebook X WhatsApp Email", "Advertisement", "Most read", "Home", "Opinion"):
        assert furniture not in lines
