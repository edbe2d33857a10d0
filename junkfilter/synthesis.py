"""Synthetic training documents: written articles recombined with junk, with variation.

The team's written documents teach what news and junk look like; this module teaches
*where* junk turns up and how much of it: it takes the content of one written article
and surrounds it with junk drawn from other written pages and from templates here —
navigation runs at the top, teasers and ads in the middle, share rows, related headlines,
numbered most-read lists, comments and footers at the end, sidebars of categories with post
counts and widgets with the shape of a story's own tables (league tables, results, tickers,
rates, prayer times: ``widgets``) at either end, spam in another script, repeated titles and
captions; a third of the pages get a whole site's menus, to the size of real scraped pages — in
either layout (one paragraph a line, or blank-line separated, with wider gaps before
page furniture). Junk inside the story itself stays rare, as on real pages. Templates
vary model numbers, prices, phone numbers, dates, counters, site names and years, so the
model learns shapes rather than strings.

Everything is driven by one ``random.Random(seed)``: same inputs and seed, same documents.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .labelled import LabelledDocument
from .widgets import Widgets

#: Share of synthetic documents with the furniture of a whole page: real scraped pages run to
#: a hundred or more paragraphs, most of them menus, where written pages have a few dozen.
FULL_PAGE = 0.35

SITES = ["Northgate Herald", "Daily Ledger", "Valley Courier", "Metro Post", "Coastline News", "The Bulletin",
         "City Wire", "Morning Star Online", "Harbor Times", "Plains Gazette", "NewsDesk 24", "Riverbend Journal"]
MENUS = {
    "en": "Home News World Politics Business Markets Tech Science Health Sport Culture Opinion Video Podcasts "
          "Weather Local Subscribe Sign in Register Newsletters Search Menu More Travel Lifestyle Obituaries",
    "de": "Startseite Politik Wirtschaft Sport Kultur Panorama Meinung Wissen Reise Regional Abo Anmelden Suche Mehr",
    "fr": "Accueil Politique Économie Sport Culture International Société Opinions Vidéos Météo Connexion S'abonner",
    "es": "Inicio Política Economía Deportes Cultura Internacional Sociedad Opinión Vídeos Suscríbete Entrar Buscar",
    "pt": "Início Política Economia Esportes Cultura Mundo Opinião Vídeos Assine Entrar Buscar Brasil",
    "it": "Home Politica Economia Sport Cultura Esteri Cronaca Opinioni Video Abbonati Accedi Cerca",
    "nl": "Home Binnenland Buitenland Politiek Economie Sport Cultuur Opinie Video Abonneren Inloggen Zoeken",
    "ru": "Главная Политика Экономика Общество Спорт Культура Мир Происшествия Видео Подписка Войти Поиск",
    "uk": "Головна Політика Економіка Суспільство Спорт Культура Світ Відео Підписка Увійти Пошук",
    "pl": "Strona główna Polityka Gospodarka Sport Kultura Świat Kraj Opinie Wideo Subskrypcja Zaloguj Szukaj",
    "zh": "首页 新闻 国内 国际 财经 体育 娱乐 科技 汽车 房产 教育 健康 视频 图片 评论 专题 登录 注册",
    "ja": "ホーム ニュース 政治 経済 国際 社会 スポーツ エンタメ 科学 ライフ 動画 ログイン 会員登録",
    "ko": "홈 정치 경제 사회 국제 문화 스포츠 연예 오피니언 포토 영상 로그인 회원가입 구독",
    "ar": "الرئيسية سياسة اقتصاد رياضة ثقافة دولي محليات منوعات فيديو اشترك تسجيل الدخول",
    "hi": "होम देश विदेश राजनीति खेल मनोरंजन व्यापार टेक वीडियो लॉगिन सब्सक्राइब",
    "tr": "Anasayfa Gündem Ekonomi Spor Dünya Politika Kültür Sağlık Video Giriş Abone Ol",
    "id": "Beranda Berita Nasional Internasional Ekonomi Olahraga Hiburan Teknologi Video Masuk Langganan",
}
#: Multi-word section names, as site menus have them.
SECTIONS = {
    "en": ["Local News", "World News", "Real Estate", "Personal Finance", "Health & Fitness", "Food & Drink",
           "Arts & Entertainment", "High School Sports", "College Football", "Letters to the Editor",
           "Weather Alerts", "Traffic", "Crime & Courts", "Business News", "Small Business", "Home & Garden",
           "Travel Guides", "Book Reviews", "Movies & TV", "Tech Reviews", "Buying Guides", "Deals",
           "Photo Galleries", "Contact Us", "About Us", "Advertise With Us", "E-Edition", "Jobs", "Classifieds",
           "Obituaries", "Events Calendar", "Puzzles & Games", "Horoscopes", "Newsletters", "Podcasts",
           "Tide Tables", "School Board", "Council Watch", "Garden Club", "Ferry Times", "Shop Now"],
    "de": ["Lokales", "Aus aller Welt", "Auto & Verkehr", "Geld & Finanzen", "Gesundheit", "Reise & Freizeit",
           "Immobilien", "Stellenmarkt", "Traueranzeigen", "Veranstaltungen", "E-Paper", "Kontakt", "Impressum"],
    "fr": ["Faits divers", "Vie locale", "Sports régionaux", "Santé & bien-être", "Immobilier", "Emploi",
           "Avis de décès", "Jeux", "Horoscope", "Mon compte", "Nous contacter", "Édition numérique"],
    "es": ["Sucesos", "Comunidad", "Fútbol", "Motor", "Salud y bienestar", "Tecnología", "Gente", "Empleo",
           "Esquelas", "Agenda", "Hemeroteca", "Contacto"],
    "ru": ["Происшествия", "Город", "Недвижимость", "Авто", "Здоровье", "Наука и техника", "Афиша",
           "Спецпроекты", "Фотогалерея", "Гороскоп", "Контакты", "Реклама на сайте"],
    "zh": ["国内新闻", "国际新闻", "社会热点", "财经要闻", "体育赛事", "娱乐八卦", "汽车资讯", "房产家居",
           "健康养生", "旅游美食", "图片新闻", "视频直播", "专题报道", "联系我们", "关于我们", "广告服务"],
}
SHARE = ["Share", "Facebook", "Twitter", "X", "WhatsApp", "Telegram", "LinkedIn", "Email", "Copy link", "Print",
         "微信", "微博", "QQ空间", "ВКонтакте", "LINE", "카카오톡", "Pinterest", "Reddit"]
PRODUCTS = ["适用于{car}{part}{model}原厂{extra}包邮", "{car}{part}改装专用{model}汽车用品{extra}",
            "特价新品{part}{model}车载通用{extra}", "风帆{n}AH蓄电池{model}{car}汽车电瓶",
            "{car}{model}{part}总成 正品{extra}", "汽车{part}{n}寸{extra} 厂家直销"]
CARS = ["荣威", "名爵", "大众朗逸", "本田雅阁", "丰田凯美瑞", "马自达6", "奔腾B50", "东风启辰", "别克英朗", "日产轩逸"]
PARTS = ["前保险杠支架", "车门外拉手", "水箱上水管", "高音扬声器", "空调滤芯", "后视镜", "脚垫", "中控仪表台防晒垫", "低音炮", "刹车片"]
EXTRAS = ["无损通用", "特高档", "全包围", "升级款", "耐磨静音", "送安装"]
PROMO_EN = [
    "Looking for the best online casino? {site} offers a {n}% welcome bonus and instant withdrawals for new players.",
    "Buy cheap {drug} online without prescription, discreet worldwide shipping, {n} mg from ${price}.",
    "Get a personal loan of up to ${big} in {n} minutes with no credit check. Apply now at {domain}.",
    "Top {n} sports betting sites of {year}: compare odds, free bets and exclusive promo codes.",
    "Earn ${big} a month from home with our proven crypto trading system. Join {n},000 happy members today!",
    "Best {thing} {year} reviews: we tested {n} models so you do not have to. Click here for the lowest price.",
]
DRUGS = ["viagra", "cialis", "tramadol", "xanax", "phentermine", "modafinil"]
THINGS = ["robot vacuum", "air fryer", "VPN", "gaming chair", "electric toothbrush", "dash cam"]
TEASERS = {
    "en": ["Read more: {title}", "Also read: {title}", "Related: {title}", "You may also like", "Most popular",
           "Recommended for you", "More from {site}", "Trending now", "Editor's picks", "Latest stories"],
    "zh": ["相关阅读：{title}", "推荐阅读", "热门文章", "相关新闻", "上一篇：{title}", "下一篇：{title}"],
}
COUNTERS = ["{n} views", "{n} comments", "阅读 {n}", "点击:{n}", "Просмотров: {n}", "조회 {n}", "{k}K views",
            "{n} Aufrufe", "Comments ({c})", "评论({c})"]
FOOTERS = ["Copyright © {year} {site}. All rights reserved.", "© {year} {site} | Privacy Policy | Terms of Use",
           "About us | Contact | Advertise | Careers | Sitemap", "Copyright © {year} {site} 版权所有 网站地图",
           "京ICP备{n}号-{c}", "{site} © {year}. Все права защищены. 18+", "Impressum | Datenschutz | AGB | Kontakt",
           "Tel: {phone} | Fax: {phone} | E-mail: info@{domain}", "电话：{phone} 传真：{phone}"]
COOKIE = ["We use cookies to improve your experience and to show you relevant ads. By continuing you accept our use of cookies.",
          "Accept all", "Reject all", "Manage preferences", "Cookie settings",
          "Wir verwenden Cookies, um Inhalte zu personalisieren und Zugriffe zu analysieren.", "Alle akzeptieren",
          "Nous utilisons des cookies pour améliorer votre expérience.", "Tout accepter",
          "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.", "Aceptar"]
WIDGETS = ["{title} {title} {date}  |", "[BREAKING] {title}", "[VIDEO] {title}", "[PHOTOS] {title}", "{title} ({date})",
           "{title} - {site}", "Published: Updated:", "Posted: {date}", "Released: {date} Changed:", "{date}  {title}"]
CONTACT = ["联系方式", "联系我们", "邮箱：[email protected]", "邮箱:{site}@163.com", "电话：{phone}", "传真：{phone}",
           "地址：{city}市高新区科技路{c}号", "Contact us", "Tel: {phone}", "Fax: {phone}", "E-mail: info@{domain}",
           "Address: {c} Industrial Road, {city}"]
CITIES = ["广州", "深圳", "杭州", "苏州", "东莞", "佛山", "Ningbo", "Wenzhou"]
BYLINES = ["By {name}", "{name}, staff reporter", "Reporter: {name}", "记者 {cname}", "{date}  {name}",
           "{date}      点击:{n}", "来源：{site}  作者：{cname}", "{name} | {date}"]
NAMES = ["Anna Keller", "Tom Baxter", "Priya Nair", "Jonas Weber", "Marta Silva", "Kenji Mori", "Olga Petrova"]
CNAMES = ["王丽", "张伟", "李娜", "陈晨", "刘洋"]
COMMENTS = ["Leave a Reply", "Your email address will not be published. Required fields are marked *", "Comment",
            "Name *", "Email *", "Post Comment", "Log in to comment", "{c} comments", "发表评论", "网友评论",
            "Save my name, email, and website in this browser for the next time I comment."]


@dataclass
class _Pools:
    """What the written documents give to recombine, by language."""

    articles: dict[str, list[list[tuple[str, str | None]]]] = field(default_factory=dict)
    junk: dict[str, list[list[tuple[str, str | None]]]] = field(default_factory=dict)
    headlines: dict[str, list[str]] = field(default_factory=dict)


def _pools(docs: list[LabelledDocument]) -> _Pools:
    pools = _Pools()
    for d in docs:
        content = [(p, k) for p, lab, k in zip(d.paragraphs, d.labels, d.kinds) if lab == 1]
        if len(content) >= 2:
            pools.articles.setdefault(d.lang, []).append(content)
        runs, run = [], []
        for p, lab, k in zip(d.paragraphs, d.labels, d.kinds):
            if lab == 0 and k != "dup":
                run.append((p, k))
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        pools.junk.setdefault(d.lang, []).extend(runs)
        pools.headlines.setdefault(d.lang, []).extend(
            p for p, lab, k in zip(d.paragraphs, d.labels, d.kinds) if lab == 1 and k == "headline")
    return pools


class Synthesiser:
    """Compose documents: ``Synthesiser(written_docs, seed).documents(n)``."""

    def __init__(self, docs: list[LabelledDocument], seed: int = 0):
        self.pools = _pools(docs)
        self.rng = random.Random(seed)
        self.widgets = Widgets(self.rng, self._proper_name)
        if not self.pools.articles:
            raise ValueError("no written article with two or more content paragraphs to synthesise from")

    # -- templated junk -------------------------------------------------------------
    def _headlines(self, lang: str) -> list[str]:
        """Other stories' headlines, mostly in the page's language."""
        own = self.pools.headlines.get(lang, [])
        if own and self.rng.random() < 0.85:
            return own
        return [h for hs in self.pools.headlines.values() for h in hs] or ["Latest news"]

    def _fill(self, template: str, lang: str = "en") -> str:
        r = self.rng
        site = r.choice(SITES)
        return template.format(
            site=site, domain=site.lower().replace(" ", "") + r.choice([".com", ".net", ".cn", ".info"]),
            year=r.randint(2009, 2026), n=r.randint(2, 9999), k=r.randint(1, 99), c=r.randint(0, 480),
            price=f"{r.randint(1, 99)}.{r.randint(0, 99):02d}", big=f"{r.randint(1, 90)},{r.randint(0, 999):03d}",
            phone=f"0{r.randint(10, 999)}-{r.randint(1000000, 99999999)}", drug=r.choice(DRUGS),
            date=f"{r.randint(2015, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}",
            thing=r.choice(THINGS), title=r.choice(self._headlines(lang)),
            city=r.choice(CITIES), name=r.choice(NAMES), cname=r.choice(CNAMES), car=r.choice(CARS), part=r.choice(PARTS), extra=r.choice(EXTRAS), model=self._model_number())

    def _model_number(self) -> str:
        r = self.rng
        letters = "".join(r.choice("ABCDEFGHKLMNPRSTVXZ") for _ in range(r.randint(1, 3)))
        return f"{letters}{r.randint(1, 999)}{r.choice(['', 'A', 'L', 'T', '.8T', 'X'])}"

    def _menu(self, lang: str) -> list[tuple[str, str]]:
        words = MENUS.get(lang, MENUS["en"]).split()
        k = self.rng.randint(3, min(len(words), 18))
        return [(w, "nav") for w in self.rng.sample(words, k)]

    def _nav_item(self, lang: str) -> str:
        """One navigation entry: a section name, or a name cut from one of the site's own
        headlines ("Harbor Bridge", "国际新闻"), as real menus list topics and series."""
        r = self.rng
        roll = r.random()
        if roll < 0.45:
            return r.choice(MENUS.get(lang, MENUS["en"]).split())
        if roll < 0.8:
            return r.choice(SECTIONS.get(lang, SECTIONS["en"]))
        return self._name(lang)

    def _name(self, lang: str) -> str:
        """A name cut from one of the language's own headlines: one to three words from a
        capitalised one ("Harbor Bridge"), or a few characters in scripts without spaces."""
        r = self.rng
        own = self.pools.headlines.get(lang) or ["News"]
        words = r.choice(own).split()
        if len(words) < 3:  # CJK: a few characters
            chars = "".join(words)
            k = r.randint(2, 4)
            at = r.randrange(max(len(chars) - k, 0) + 1)
            return chars[at:at + k]
        named = [i for i, w in enumerate(words) if w[:1].isupper()] or [0]
        at = r.choice(named)
        return " ".join(w.strip(".,:;!?\"'«»“”") for w in words[at:at + r.randint(1, 3)])

    def _proper_name(self, lang: str) -> str:
        """A team, town, person or firm for a widget, from one of the language's headlines: one or
        two capitalised words from inside it (or any words, where the script has no capitals),
        or two to four letters in scripts without spaces."""
        r = self.rng
        own = self.pools.headlines.get(lang) or ["News"]
        words = [w.strip(".,:;!?\"'«»“”()[]「」『』|") for w in r.choice(own).split()]
        if len(words) >= 3:
            plain = [i for i, w in enumerate(words) if len(w) >= 3 and not any(c.isdigit() for c in w)]
            named = [i for i in plain if i and words[i][:1].isupper()] or plain or [0]
            at = r.choice(named)
            return " ".join(w for w in words[at:at + r.randint(1, 2)] if w)
        runs = [run for run in "".join(c if c.isalpha() else " " for c in "".join(words)).split() if len(run) >= 2]
        run = r.choice(runs) if runs else r.choice(SITES).split()[-1]
        k = r.randint(2, min(4, len(run)))
        at = r.randrange(len(run) - k + 1)
        return run[at:at + k]

    def _site_menu(self, lang: str, low: int, high: int) -> list[tuple[str, str]]:
        """A whole site's menu as a scraper flattens it: dozens of distinct entries, and
        sometimes the start of the same menu again (desktop and mobile versions)."""
        names = dict.fromkeys(" ".join(self._nav_item(lang).split()) for _ in range(self.rng.randint(low, high)))
        items = [(name, "nav") for name in names if len(name) >= 2]
        if self.rng.random() < 0.3:
            items = items + items[:self.rng.randint(3, len(items))]
        return items

    def _breadcrumb(self, lang: str) -> list[tuple[str, str]]:
        words = MENUS.get(lang, MENUS["en"]).split()
        trail = [words[0]] + self.rng.sample(words[1:], self.rng.randint(1, 3))
        return [(self.rng.choice([" > ", " / ", " » ", " › ", ">"]).join(trail), "nav")]

    def _counted(self, lang: str) -> list[tuple[str, str]]:
        """A blog sidebar's categories or tags with their post counts ("Transport (14)"): short
        lines with a number each, like a story's results table, but page furniture."""
        r = self.rng
        form = r.choice(["{} ({})", "{} ({})", "{} [{}]", "{} · {}", "{}  {}"])
        names = dict.fromkeys(" ".join(self._nav_item(lang).split()) for _ in range(r.randint(5, 25)))
        return [(form.format(name, r.choice([r.randint(1, 9), r.randint(1, 300)])), "nav") for name in names if name]

    def _ranked(self, lang: str) -> list[tuple[str, str]]:
        """A most-read list: a heading, then other stories' headlines numbered 1 to n, the
        number on a line of its own or before the headline, sometimes with a time or a count."""
        r = self.rng
        pool = self._headlines(lang)
        heads = r.sample(pool, min(len(pool), r.randint(3, 10)))
        block = [(self._fill(r.choice(TEASERS.get(lang, TEASERS["en"])), lang), "related")] if r.random() < 0.7 else []
        alone = r.random() < 0.5
        for n, head in enumerate(heads, 1):
            if alone:
                block += [(str(n), "related"), (head, "related")]
            else:
                block.append((f"{n}{r.choice(['. ', ' ', ') '])}{head}", "related"))
            if r.random() < 0.3:
                block.append((self._fill(r.choice(COUNTERS)), "meta"))
        return block

    def _products(self) -> list[tuple[str, str]]:
        bullet = self.rng.choice(["  • ", "", "· ", "- "])
        return [(bullet + self._fill(self.rng.choice(PRODUCTS)), "spam") for _ in range(self.rng.randint(2, 7))]

    def _written_junk(self, lang: str) -> list[tuple[str, str | None]]:
        """A run of junk from a written page: mostly one in the same language, sometimes another."""
        if self.rng.random() < 0.25:
            lang = self.rng.choice(sorted(self.pools.junk))
        runs = self.pools.junk.get(lang) or [r for runs in self.pools.junk.values() for r in runs]
        return list(self.rng.choice(runs)) if runs else []

    def _block(self, lang: str, where: str) -> list[tuple[str, str | None]]:
        """One block of junk for the top, middle or end of a page."""
        r = self.rng
        kinds = {"top": ["menu", "written", "products", "cookie", "meta", "contact", "breadcrumb", "counted", "board"],
                 "middle": ["teaser", "promo", "written", "products", "meta", "widget"],
                 "end": ["share", "related", "comments", "footer", "written", "products", "promo", "cookie",
                         "widget", "counted", "ranked", "board", "board"]}[where]  # widgets twice as likely
        kind = r.choice(kinds)
        if kind == "menu":
            return self._menu(lang)
        if kind == "breadcrumb":
            return self._breadcrumb(lang)
        if kind == "counted":
            return self._counted(lang)
        if kind == "ranked":
            return self._ranked(lang)
        if kind == "board":
            return self.widgets.block(lang)
        if kind == "written":
            return self._written_junk(lang)
        if kind == "products":
            return self._products()
        if kind == "cookie":
            return [(c, "cookie") for c in r.sample(COOKIE, r.randint(1, 3))]
        if kind == "meta":
            return [(self._fill(r.choice(COUNTERS)), "meta")]
        if kind == "teaser":
            return [(self._fill(r.choice(TEASERS.get(lang, TEASERS["en"])), lang), "teaser")]
        if kind == "promo":
            return [(self._fill(r.choice(PROMO_EN)), "spam")]
        if kind == "contact":
            return [(self._fill(c), "contact") for c in r.sample(CONTACT, r.randint(2, 5))]
        if kind == "widget":
            return [(self._fill(w, lang), "related") for w in r.sample(WIDGETS, r.randint(1, 3))]
        if kind == "share":
            return [(s, "share") for s in r.sample(SHARE, r.randint(2, 6))]
        if kind == "related":
            pool = self._headlines(lang)
            head = r.sample(pool, min(len(pool), r.randint(2, 6)))
            return [(h, "related") for h in head]
        if kind == "comments":
            return [(self._fill(c), "comment") for c in r.sample(COMMENTS, r.randint(1, 4))]
        return [(self._fill(f), "footer") for f in r.sample(FOOTERS, r.randint(1, 3))]

    # -- documents --------------------------------------------------------------------
    def document(self, index: int) -> tuple[LabelledDocument, str]:
        """One synthetic labelled document and its raw text."""
        r = self.rng
        lang = r.choice(sorted(self.pools.articles))
        article = list(r.choice(self.pools.articles[lang]))
        body: list[tuple[str, int, str | None]] = [(p, 1, k) for p, k in article]
        if r.random() < 0.3:  # a repeated title or caption: the later copy is junk, often right after
            i = r.randrange(min(len(body), 4)) if r.random() < 0.7 else r.randrange(len(body))
            at = i + 1 if r.random() < 0.6 else r.randint(i + 1, len(body))
            body.insert(at, (body[i][0], 0, "dup"))
        if r.random() < 0.4:  # a date, counter or byline line between the headline and the story
            body.insert(1, (self._fill(r.choice(COUNTERS + WIDGETS[6:9] + BYLINES)), 0, "meta"))
        for _ in range(r.choice([0, 0, 0, 1])):  # junk inside a story is rare on real pages
            at = r.randint(1, len(body))
            body[at:at] = [(p, 0, k) for p, k in self._block(lang, "middle")]
        top = [x for _ in range(r.choice([0, 1, 1, 2])) for x in self._block(lang, "top")]
        end = [x for _ in range(r.choice([0, 1, 2, 3])) for x in self._block(lang, "end")]
        if r.random() < FULL_PAGE:  # a real page's size: a site menu, and more furniture after
            top = self._site_menu(lang, 15, 90) + top
            end = end + [x for _ in range(r.randint(2, 5)) for x in self._block(lang, "end")]
            if r.random() < 0.6:
                end = end + self._site_menu(lang, 10, 50)
        items = [(p, 0, k) for p, k in top] + body + [(p, 0, k) for p, k in end]
        items = [(p.strip(), lab, k) for p, lab, k in items if p.strip()]
        paragraphs, labels, kinds = map(list, zip(*items))
        doc = LabelledDocument(f"synth/{index:05d}", lang, paragraphs, labels, kinds, {"synthetic": "1"})
        return doc, self._render(paragraphs, labels)

    def _render(self, paragraphs: list[str], labels: list[int]) -> str:
        """Raw text in one layout per page (a paragraph a line, or blank-line separated),
        sometimes with a wider gap where the article gives way to page furniture."""
        r = self.rng
        blank = 1 if r.random() < 0.5 else 0
        parts = []
        for i, (p, lab) in enumerate(zip(paragraphs, labels)):
            if i:
                gap = blank + (r.randint(1, 3) if lab == 0 and labels[i - 1] == 1 and r.random() < 0.3 else 0)
                parts.append("\n" * (gap + 1))
            parts.append(p)
        return "".join(parts) + "\n"

    def documents(self, n: int) -> list[tuple[LabelledDocument, str]]:
        return [self.document(i) for i in range(n)]

