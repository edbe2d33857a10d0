"""Page widgets for synthetic documents: the boxes beside a story with the shape of its tables.

A match report lists its own scores, a market story its own share prices, a flood story the
river levels: short lines with numbers, which are content. The same pages carry boxes of the
very same shape that are furniture — the league table, other games' results, top scorers, a
stock ticker, exchange rates, fuel prices, the weather in other towns, tonight's TV, prayer
times, lottery numbers. Only their place and their heading tell them apart, so the synthesiser
puts many of them, in every language, where real pages do: after the story, or in a sidebar.

Names of teams, towns, people and firms are cut from the page language's own written headlines,
so the widgets carry the same words as the stories and the model cannot learn them by name.
"""
from __future__ import annotations

import random
from typing import Callable

KINDS = ("table", "results", "scorers", "markets", "rates", "fuel", "weather", "tv", "prayer", "lottery")

#: Each language's headings, in the order of KINDS.
HEADINGS = {
    "en": "Standings|Other results|Top scorers|Markets|Exchange rates|Fuel prices|Weather|On TV tonight|Prayer times|Lottery results",
    "de": "Tabelle|Weitere Ergebnisse|Torjägerliste|Börse|Devisenkurse|Spritpreise|Wetter|TV-Programm heute|Gebetszeiten|Lottozahlen",
    "fr": "Classement|Autres résultats|Meilleurs buteurs|Bourse|Taux de change|Prix des carburants|Météo|Ce soir à la télé|Horaires de prière|Résultats du loto",
    "es": "Clasificación|Otros resultados|Máximos goleadores|Bolsa|Divisas|Precio de los carburantes|El tiempo|Hoy en televisión|Horarios de oración|Resultados de la lotería",
    "pt": "Classificação|Outros resultados|Artilharia|Mercados|Câmbio|Preço dos combustíveis|Previsão do tempo|Programação da TV|Horários de oração|Resultados da loteria",
    "it": "Classifica|Altri risultati|Classifica marcatori|Borsa|Cambi|Prezzi dei carburanti|Meteo|Stasera in TV|Orari di preghiera|Estrazioni del lotto",
    "nl": "Stand|Overige uitslagen|Topscorers|Beurs|Wisselkoersen|Brandstofprijzen|Weer|Vanavond op tv|Gebedstijden|Lotto-uitslagen",
    "ru": "Турнирная таблица|Другие матчи|Бомбардиры|Биржа|Курсы валют|Цены на бензин|Погода|Телепрограмма на сегодня|Время намаза|Результаты тиража",
    "uk": "Турнірна таблиця|Інші матчі|Бомбардири|Біржа|Курси валют|Ціни на пальне|Погода|Телепрограма|Час намазу|Результати тиражу",
    "pl": "Tabela|Pozostałe wyniki|Klasyfikacja strzelców|Giełda|Kursy walut|Ceny paliw|Pogoda|Program TV|Godziny modlitw|Wyniki losowania",
    "tr": "Puan durumu|Diğer sonuçlar|Gol krallığı|Borsa|Döviz kurları|Akaryakıt fiyatları|Hava durumu|Bu akşam ekranda|Namaz vakitleri|Çekiliş sonuçları",
    "id": "Klasemen|Hasil lainnya|Top skor|Bursa saham|Kurs hari ini|Harga BBM|Cuaca|Jadwal TV|Jadwal salat|Hasil undian",
    "ar": "جدول الترتيب|نتائج أخرى|ترتيب الهدافين|البورصة|أسعار العملات|أسعار الوقود|الطقس|برامج الليلة|مواقيت الصلاة|نتائج السحب",
    "hi": "अंक तालिका|अन्य नतीजे|सर्वाधिक गोल|शेयर बाज़ार|मुद्रा विनिमय दर|पेट्रोल-डीज़ल के दाम|मौसम|आज टीवी पर|नमाज़ का समय|लॉटरी परिणाम",
    "zh": "积分榜|其他赛果|射手榜|股市行情|外汇牌价|今日油价|天气预报|今晚电视节目|礼拜时间|开奖结果",
    "ja": "順位表|その他の試合結果|得点ランキング|株価|為替|ガソリン価格|各地の天気|今夜のテレビ|礼拝時間|当せん番号",
    "ko": "순위표|다른 경기 결과|득점 순위|증시|환율|유가 정보|전국 날씨|오늘의 TV 편성표|기도 시간|당첨 번호",
}
#: The link a widget ends with, sometimes.
MORE = {
    "en": "Full table »", "de": "Komplette Tabelle »", "fr": "Voir tout »", "es": "Ver todo »", "pt": "Ver tudo »",
    "it": "Vedi tutto »", "nl": "Bekijk alles »", "ru": "Смотреть все »", "uk": "Дивитися все »", "pl": "Zobacz wszystko »",
    "tr": "Tümünü gör »", "id": "Selengkapnya »", "ar": "المزيد »", "hi": "और देखें »", "zh": "查看更多 »",
    "ja": "一覧を見る »", "ko": "전체 보기 »",
}
PRAYERS = {
    "ar": "الفجر الشروق الظهر العصر المغرب العشاء", "tr": "İmsak Güneş Öğle İkindi Akşam Yatsı",
    "id": "Subuh Terbit Zuhur Asar Magrib Isya", "hi": "फ़ज्र सूर्योदय ज़ुहर अस्र मग़रिब इशा",
    "ru": "Фаджр Восход Зухр Аср Магриб Иша", "en": "Fajr Sunrise Dhuhr Asr Maghrib Isha",
}
CLUBS = {"en": ["{} FC", "{} United", "{} City", "{} Rovers"], "de": ["SV {}", "FC {}", "TSV {}", "{} 04"],
         "tr": ["{}spor", "{} Belediyespor", "{} SK"], "it": ["{} Calcio", "Virtus {}", "Sporting {}"],
         "es": ["CD {}", "Atlético {}", "Real {}"], "pt": ["{} FC", "Esporte Clube {}", "Atlético {}"],
         "nl": ["{} FC", "VV {}", "SC {}"], "fr": ["FC {}", "AS {}", "Stade {}"], "pl": ["{} FC", "KS {}", "Górnik {}"]}
FUELS = ["Diesel", "Super 95", "Super 98", "E10", "LPG", "AdBlue"]
#: Each language's currency for fuel prices, and a litre's price range in it.
PUMP = {"en": ("$", 2.5, 5.5), "de": ("€", 1.5, 2.2), "fr": ("€", 1.5, 2.2), "es": ("€", 1.3, 2.0),
        "pt": ("R$", 5.0, 7.5), "it": ("€", 1.6, 2.2), "nl": ("€", 1.7, 2.4), "ru": ("₽", 50, 75),
        "uk": ("₴", 45, 65), "pl": ("zł", 5.5, 7.5), "tr": ("₺", 35, 50), "id": ("Rp", 10000, 15000),
        "ar": ("ج.م", 12, 20), "hi": ("₹", 85, 110), "zh": ("元", 6.5, 9.0), "ja": ("円", 160, 190),
        "ko": ("원", 1500, 1900)}
#: Hours between which each of the day's prayers falls.
PRAYER_HOURS = [(3, 6), (5, 7), (11, 13), (14, 16), (17, 20), (19, 22)]
GAMES = ["Lotto 6/49", "Keno", "Joker", "Super 6", "Pick 3", "Pick 4", "Euro 5/50", "Bonus"]
CURRENCIES = ["USD", "EUR", "GBP", "CHF", "JPY", "CNY", "TRY", "RUB", "PLN", "INR", "SAR", "KRW", "IDR", "BRL"]
COMMA = {"de", "fr", "es", "pt", "it", "nl", "ru", "uk", "pl", "tr", "id"}  # decimal comma


class Widgets:
    """``Widgets(rng, names).block(lang)``: one widget as (line, "board") pairs; ``names(lang)``
    gives a name (a team, town, person or firm) from that language's written pages."""

    def __init__(self, rng: random.Random, names: Callable[[str], str]):
        self.rng = rng
        self.names = names

    def block(self, lang: str) -> list[tuple[str, str]]:
        r = self.rng
        kind = r.choice(KINDS)
        heading = HEADINGS.get(lang, HEADINGS["en"]).split("|")[KINDS.index(kind)]
        rows = getattr(self, "_" + kind)(lang)
        lines = ([heading] if r.random() < 0.8 else []) + rows
        if r.random() < 0.4:
            lines.append(MORE.get(lang, MORE["en"]))
        return [(line, "board") for line in lines if line.strip()]

    # -- helpers ----------------------------------------------------------------------
    def _num(self, lang: str, value: float, places: int = 2) -> str:
        text = f"{value:,.{places}f}"
        if lang in COMMA:
            text = text.replace(",", " ").replace(".", ",")
        return text

    def _team(self, lang: str) -> str:
        name = self.names(lang)
        forms = CLUBS.get(lang)
        return self.rng.choice(forms).format(name) if forms and self.rng.random() < 0.5 else name

    def _time(self) -> str:
        return f"{self.rng.randint(0, 23):02d}:{self.rng.choice(range(0, 60, 5)):02d}"

    def _some(self, low: int, high: int) -> range:
        return range(self.rng.randint(low, high))

    # -- one method a kind of widget, each giving its rows ------------------------------
    def _table(self, lang: str) -> list[str]:
        r = self.rng
        points = sorted((r.randint(0, 60) for _ in self._some(4, 12)), reverse=True)
        wide = r.random() < 0.4
        rows = []
        for i, pts in enumerate(points, 1):
            least = max(pts // 3, 1)
            played = r.randint(least, least + 12)
            if wide:
                rows.append(f"{i} {self._team(lang)} {played} {r.randint(0, 99)}:{r.randint(0, 99)} {pts}")
            else:
                rows.append(f"{i}{r.choice(['. ', ' ', '. '])}{self._team(lang)} {pts}")
        return rows

    def _results(self, lang: str) -> list[str]:
        r = self.rng
        form = r.choice(["{a} {x}-{y} {b}", "{a} – {b} {x}:{y}", "{a} {x} : {y} {b}", "{a} - {b} {x}-{y}"])
        return [form.format(a=self._team(lang), b=self._team(lang), x=r.randint(0, 5), y=r.randint(0, 5))
                for _ in self._some(2, 8)]

    def _scorers(self, lang: str) -> list[str]:
        r = self.rng
        goals = sorted((r.randint(3, 30) for _ in self._some(3, 8)), reverse=True)
        form = r.choice(["{i}. {p} ({t}) – {g}", "{i}. {p}, {t} {g}", "{p} ({t}) {g}"])
        return [form.format(i=i, p=self.names(lang), t=self._team(lang), g=g) for i, g in enumerate(goals, 1)]

    def _markets(self, lang: str) -> list[str]:
        r = self.rng
        rows = []
        for _ in self._some(3, 8):
            change = r.uniform(-9, 9)
            arrow = r.choice(["", "▲ " if change > 0 else "▼ "])
            code = f" ({r.randint(1000, 9999)})" if r.random() < 0.3 else ""
            rows.append(f"{self.names(lang)}{code} {self._num(lang, r.uniform(1, 4000))} "
                        f"{arrow}{'+' if change > 0 else ''}{self._num(lang, change)}%")
        return rows

    def _rates(self, lang: str) -> list[str]:
        r = self.rng
        pairs = r.sample(CURRENCIES, r.randint(3, 7))
        form = r.choice(["{c} {v}", "{c}/{d} {v}", "1 {c} = {v} {d}", "{c} {v} {w}"])
        base = r.choice(CURRENCIES)
        return [form.format(c=c, d=base, v=self._num(lang, r.uniform(0.01, 120), 4), w=self._num(lang, r.uniform(0.01, 120), 4))
                for c in pairs if c != base]

    def _fuel(self, lang: str) -> list[str]:
        r = self.rng
        unit, low, high = PUMP.get(lang, PUMP["en"])
        places = 0 if high > 1000 else r.choice([2, 3]) if high < 10 else r.choice([0, 2])
        return [f"{f}{r.choice([': ', ' ', ' – '])}{self._num(lang, r.uniform(low, high), places)} {unit}"
                for f in r.sample(FUELS, r.randint(2, 5))]

    def _weather(self, lang: str) -> list[str]:
        r = self.rng
        form = r.choice(["{t} {hi}° / {lo}°", "{t}: {hi}°C", "{t} {lo}…{hi} °C", "{t} {hi}°"])
        return [form.format(t=self.names(lang), hi=r.randint(-5, 38), lo=r.randint(-15, 20)) for _ in self._some(3, 8)]

    def _tv(self, lang: str) -> list[str]:
        times = sorted(self._time() for _ in self._some(3, 8))
        return [f"{t}{self.rng.choice(['  ', ' ', ' | '])}{self.names(lang)}" for t in times]

    def _prayer(self, lang: str) -> list[str]:
        r = self.rng
        names = PRAYERS.get(lang, PRAYERS["en"]).split()
        return [f"{name}{r.choice([' ', ': ', '  '])}{r.randint(*hours):02d}:{r.randint(0, 59):02d}"
                for name, hours in zip(names, PRAYER_HOURS)]

    def _lottery(self, lang: str) -> list[str]:
        r = self.rng
        rows = []
        for _ in self._some(1, 4):
            draw = r.choice(GAMES) if r.random() < 0.5 else f"{r.randint(1, 28):02d}.{r.randint(1, 12):02d}."
            numbers = sorted(r.sample(range(1, 50), r.randint(3, 7)))
            rows.append(f"{draw}: {r.choice([' ', '-', ' - ', ', ']).join(f'{n:02d}' for n in numbers)}")
        return rows
