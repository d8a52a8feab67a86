#!/usr/bin/env python3
"""Builds bench/quality/gold.json from the compact annotations below and checks
that every gold text occurs in its article."""
import json, os, sys
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ART = os.path.join(HERE, 'articles')

def N(t, text, opt=False, alt=None):
    m = {'type': t, 'text': text}
    if opt: m['optional'] = True
    if alt: m['alt_types'] = alt
    return m
def D(text, norm, sem=None, opt=False):
    m = {'type': 'DATE', 'text': text, 'norm': norm if isinstance(norm, list) else [norm]}
    if sem: m['sem_norm'] = sem if isinstance(sem, list) else [sem]
    if opt: m['optional'] = True
    return m
def A(text, value, unit, opt=False):
    m = {'type': 'AMOUNT', 'text': text, 'value': value, 'unit': unit}
    if opt: m['optional'] = True
    return m
def C(text, value, opt=False): return A(text, value, 'count', opt)
def P(text, value, opt=False):
    m = {'type': 'PERCENT', 'text': text, 'value': value, 'unit': 'percent'}
    if opt: m['optional'] = True
    return m
PE = lambda t, **k: N('PERSON', t, **k)
CO = lambda t, **k: N('COMPANY', t, **k)
OR = lambda t, **k: N('ORG', t, **k)
PR = lambda t, **k: N('PRODUCT', t, **k)

G = {}
G['01_earnings.txt'] = ('2026-05-14', [
 CO('北斗精機株式会社'), CO('北斗精機'), CO('ハートウェル・プレシジョン'), CO('丸菱商事'), CO('みずなみ証券'),
 N('ORG', '東京株式市場', opt=True, alt=['COMPANY']),
 PE('桐生正臣'), PE('桐生'), PE('村雨千鶴'), PE('レオン・バスケス'),
 D('13日', '2026-05-13'), D('2026年3月期', '2026-03', opt=True), D('2027年3月期', '2027-03', opt=True),
 D('先月', '2026-04'), D('今月末', ['2026-05', '2026-05-31']), D('同日', '2026-05-13', opt=True),
 D('14日', '2026-05-14'), D('2030年', '2030'), D('来週', ['2026-05-18', '2026-05-21', '2026-05'], opt=True),
 D('来期', '2027', opt=True), D('今期', '2026', opt=True),
 A('3,850億円', 385000000000, 'JPY'), A('約512億円', 51200000000, 'JPY'), A('550億円以上', 55000000000, 'JPY'),
 C('約320人', 320), C('1万2000台', 12000),
 P('12.4%', 12.4), P('18%', 18), P('5%', 5), P('8.5%', 8.5), P('7%', 7), P('50%', 50), P('6割', 60, opt=True)])
G['02_ma.txt'] = ('2025-12-03', [
 CO('東邦ケミカルホールディングス'), CO('東邦ケミカルHD'), CO('東邦ケミカル'), CO('東邦'),
 CO('ファルケンベルク・ヴェルケ'), CO('ファルケンベルク'), CO('あけぼの銀行'), CO('ゴールドウィン・パートナーズ'), CO('大和橋証券'),
 OR('連邦カルテル庁'), PE('早乙女浩一郎'), PE('早乙女'), PE('クラウス・ディートリヒ'),
 D('2日', '2025-12-02'), D('来年3月末', ['2026-03', '2026-03-31']), D('2024年12月期', '2024-12', opt=True), D('前日', '2025-12-01', opt=True),
 A('約21億ユーロ', 2100000000, 'EUR'), A('約3400億円', 340000000000, 'JPY'), A('45ユーロ', 45, 'EUR'),
 A('約14億ユーロ', 1400000000, 'EUR'), C('約5800人', 5800), A('150億円以上', 15000000000, 'JPY'), P('27%', 27)])
G['03_tech.txt'] = ('2026-02-20', [
 CO('株式会社ソラリスAI'), CO('ソラリスAI'), CO('Quantix Labs'), CO('Northbridge Ventures'), CO('エヌビディア'),
 CO('さくらクラウド', opt=True), CO('アイテック総研'), PR('ヤタガラス2'),
 PE('三ツ矢遥香'), PE('三ツ矢'), PE('デビッド・オコナー'),
 D('19日', '2026-02-19'), D('来月', '2026-03'), D('昨年', '2025'), D('今月上旬', '2026-02'), D('2028年', '2028'),
 C('約700億', 70000000000, opt=True), A('9800円', 9800, 'JPY'), A('65億円', 6500000000, 'JPY'), C('約2000基', 2000),
 A('1兆7000億円規模', 1700000000000, 'JPY'), P('40%', 40)])
G['04_politics.txt'] = ('2025-10-16', [
 OR('みらい連合'), OR('立憲民政党'), OR('国民協和党'), OR('内閣府'), OR('総務省'), OR('国会', opt=True), OR('政府', opt=True),
 PE('鷲尾隆之'), PE('鷲尾'), PE('梶原美沙子'), PE('宇佐美健吾'), PE('古賀原里美'), PE('古賀原'),
 D('15日', '2025-10-15'), D('今月末', ['2025-10', '2025-10-31']), D('来週', ['2025-10-20', '2025-10-23', '2025-10'], opt=True),
 D('年内', '2025', opt=True), D('同日', '2025-10-15', opt=True), D('先週', ['2025-10-06', '2025-10-09', '2025-10'], opt=True),
 D('来年', '2026'), D('2年前', '2023'), D('来月', '2025-11'),
 C('9人', 9), C('10人', 10), A('約315億円', 31500000000, 'JPY'),
 P('10%', 10), P('5%', 5), P('31.5%', 31.5), P('3.2ポイント', 3.2, opt=True)])
G['05_diplomacy.txt'] = ('2026-07-09', [
 OR('外務省'), OR('国際協力銀行', alt=['COMPANY']), N('ORG', 'JBIC', opt=True, alt=['COMPANY']), OR('経済産業省'), OR('経済団体連合会'),
 CO('ウォーレン・マイニング'),
 PE('山路圭介'), PE('山路'), PE('エミリー・ハーグリーブス'), PE('ハーグリーブス'), PE('ジャック・ペンローズ'),
 D('8日', '2026-07-08'), D('今年2月', '2026-02'), D('9月', '2025-09', sem='2026-09'), D('7月末', ['2026-07', '2026-07-31']),
 D('10日', '2026-06-10', sem='2026-07-10'), D('来年3月', '2027-03'), D('前年', '2025', opt=True),
 A('20億豪ドル規模', 2000000000, 'AUD'), C('10件', 10), P('15%', 15)])
G['06_court.txt'] = ('2025-09-26', [
 OR('名古屋地裁'), OR('愛知県警'), OR('名古屋地検'),
 PE('犬飼翔太'), PE('犬飼'), PE('平松由紀子'), PE('平松'), PE('北条ミツ子'), PE('沼田章吾'), PR('シグナルフォックス', opt=True),
 D('25日', '2025-09-25'), D('令和5年10月', '2023-10'), D('翌年6月', '2024-06'),
 C('23人', 23), A('約1億2千万円', 120000000, 'JPY'), C('41件', 41), C('6人', 6)])
G['07_local.txt'] = ('2026-03-03', [
 OR('松江市', opt=True), CO('JR', opt=True), CO('出雲建設工業'), CO('朝霧建設'), CO('ふじや', opt=True), OR('島根県', opt=True),
 CO('山陰中央信用金庫', alt=['ORG']),
 PE('上田聡子'), PE('上田'), PE('藤谷源三郎'), PE('岩佐直人'),
 D('2日', '2026-03-02'), D('2028年秋', '2028'), D('10年前', '2016'), D('3年前', '2023'), D('今月中旬', '2026-03'),
 A('約186億円', 18600000000, 'JPY'), C('約240台', 240), A('12億円', 1200000000, 'JPY'), A('30億円', 3000000000, 'JPY'),
 C('14階', 14, opt=True), P('約35%', 35)])
G['08_sports.txt'] = ('2025-08-04', [
 N('ORG', 'J1リーグ', opt=True, alt=['COMPANY']), N('ORG', '浦和レッズ', opt=True, alt=['COMPANY']),
 N('ORG', '京都サンガF.C.', opt=True, alt=['COMPANY']), N('ORG', 'サガン鳥栖', opt=True, alt=['COMPANY']),
 N('ORG', '鹿島アントラーズ', opt=True, alt=['COMPANY']), N('ORG', '浦和', opt=True, alt=['COMPANY']), N('ORG', '京都', opt=True, alt=['COMPANY']),
 PE('杉浦蓮'), PE('杉浦'), PE('マチェイ・コヴァルスキ'), PE('コヴァルスキ'), PE('曽我部大輔'), PE('森山奈央'),
 D('3日', '2025-08-03'), D('6日', '2025-07-06', sem='2025-08-06'), D('16日', '2025-07-16', sem='2025-08-16'), D('7月', '2025-07'),
 D('今季', '2025', opt=True), D('昨季', '2024', opt=True), D('前年同期', '2024', opt=True),
 C('3万2115人', 32115), C('7試合', 7), C('3得点', 3, opt=True), C('3試合', 3, opt=True),
 P('約12%', 12), A('約4億円', 400000000, 'JPY')])
G['09_culture.txt'] = ('2026-04-27', [
 CO('東栄シネマズ'), CO('スタジオ雲雀'), N('ORG', 'ミッドナイト・パレード', opt=True, alt=['COMPANY']),
 PR('潮騒の向こう', opt=True), PR('青い坂道', opt=True),
 PE('日下部ひかり'), PE('日下部'), PE('リョウ・ナカジマ'), PE('コリン・マッケンジー'),
 D('26日', '2026-04-26'), D('今年', '2026'), D('先月末', ['2026-03', '2026-03-31']), D('5月', '2025-05', sem='2026-05'),
 D('昨年', '2025'), D('今月', '2026-04'), D('前年', '2024', opt=True),
 A('50億円', 5000000000, 'JPY'), C('約360万人', 3600000), C('1億回', 100000000), C('約30', 30, opt=True),
 A('2,350億円', 235000000000, 'JPY'), P('8%', 8), P('約15%', 15)])
G['10_science.txt'] = ('2025-06-12', [
 OR('海洋研究開発機構'), OR('JAMSTEC'), OR('北陵大学'), OR('理化学研究所'), OR('フランス国立科学研究センター'), OR('文部科学省'),
 CO('白鷺化成'), N('PRODUCT', 'ネイチャー・ケミストリー', opt=True, alt=['COMPANY', 'ORG']), PR('富岳', opt=True),
 PE('宮ノ下哲也'), PE('宮ノ下'), PE('ソフィー・ルブラン'),
 D('11日', '2025-06-11'), D('2022年', '2022'), D('来年度', '2026', opt=True),
 C('約6000メートル', 6000, opt=True), C('14回', 14), C('約1200種類', 1200, opt=True), C('約3億5000万トン', 350000000, opt=True)])
G['11_labour.txt'] = ('2026-01-22', [
 OR('連合'), OR('日本労働組合総連合会'), OR('日本経営者協議会'), OR('厚生労働省'), OR('自動車総連'), CO('あおば電機'),
 PE('芳賀美智代'), PE('芳賀'), PE('大河内修一'),
 D('21日', '2026-01-21'), D('2026年', '2026'), D('昨年', '2025'), D('昨年11月', '2025-11'), D('来月中旬', '2026-02'),
 D('3月12日', '2025-03-12', sem='2026-03-12'), D('前年同月', '2024-11', opt=True),
 P('5%', 5), P('6%', 6), P('5.25%', 5.25), P('0.8%', 0.8), P('3割', 30, opt=True),
 C('約1万5000社', 15000), A('1万8000円', 18000, 'JPY')])
G['12_disaster.txt'] = ('2025-09-02', [
 OR('気象庁'), OR('国土交通省'), OR('首相官邸', opt=True), OR('緊急災害対策派遣隊', opt=True), OR('TEC-FORCE', opt=True),
 OR('みなと損害保険協会'), OR('政府', opt=True), OR('内閣府', opt=True), OR('鹿児島県', opt=True),
 CO('九州電力送配電'), CO('JR九州'),
 PE('中園拓海'), PE('久保寺和義'),
 D('1日', '2025-09-01'), D('2日', '2025-09-02'), D('3日', '2025-08-03', sem='2025-09-03'),
 C('3人', 3), C('1人', 1), C('5棟', 5), C('約4万8000戸', 48000), C('約1300人', 1300), A('数百億円', None, 'JPY', opt=True)])
G['13_interview.txt'] = ('2026-06-05', [
 CO('さくら国際銀行'), CO('北國みらい銀行'), CO('トリップネスト'), CO('汐見荘', opt=True),
 PE('千早あかね'), PE('千早'), PE('千早宗一郎'),
 D('昨年', '2025'), D('2年前', '2024'), D('令和6年1月', '2024-01'), D('同年9月', '2024-09'), D('先月', '2026-05'), D('来月', '2026-07'),
 A('約2億3000万円', 230000000, 'JPY'), P('25%', 25), P('6割', 60, opt=True)])
G['14_en_business.txt'] = ('2026-03-18', [
 CO('Harbourline Group Inc.'), CO('Harbourline'), CO('Keswick Foods'), CO('Keswick'), CO('Brennan Stahl & Co.'),
 CO('New York Stock Exchange', opt=True), OR('Federal Trade Commission'),
 PE('Marisol Trevino'), PE('Trevino'), PE('Daniel Okafor'), PE('Okafor'),
 D('Tuesday', '2026-03-17'), D('Monday', '2026-03-16', opt=True), D('last year', '2025'), D('2028', '2028'),
 D('March 17', '2026-03-17'), D('third quarter', '2026', opt=True),
 A('$4.2 billion', 4200000000, 'USD'), C('3,400', 3400), C('11', 11, opt=True), A('$180 million', 180000000, 'USD'),
 A('$37.50', 37.5, 'USD'), A('$2.9 billion', 2900000000, 'USD'),
 P('22%', 22), P('6.5 percent', 6.5), P('3%', 3)])
G['15_en_politics.txt'] = ('2025-11-20', [
 OR('U.S. Senate'), OR('Senate', opt=True), OR('House of Representatives'), OR('House', opt=True),
 OR('Department of Homeland Security'), OR('Congressional Budget Office'), OR('Border Futures Coalition'),
 PE('Rebecca Almquist'), PE('Almquist'), PE('Thomas Kettering'), PE('Kettering'), PE('Gordon Whitfield'), PE('Whitfield'),
 D('Wednesday', '2025-11-19'), D('December 5', '2024-12-05', sem='2025-12-05'), D('October', '2025-10'),
 D('last week', ['2025-11-10', '2025-11-13', '2025-11'], opt=True), D('next year', '2026'),
 A('$38 billion', 38000000000, 'USD'), C('1,800', 1800), A('$12 billion', 12000000000, 'USD'), A('$5 million', 5000000, 'USD'),
 P('18 percent', 18)])
G['16_en_science.txt'] = ('2026-08-11', [
 OR('University of Otago'), OR('Okinawa Institute of Science and Technology'), OR('National Science Foundation'),
 OR('Pew Charitable Trusts'), OR('United Nations'), CO('Ocean Robotics Ltd.'),
 N('PRODUCT', 'Nature Climate Change', opt=True, alt=['COMPANY', 'ORG']),
 PE('Hana Whitcombe'), PE('Whitcombe'), PE('Kenji Moriyama'), PE('Moriyama'), PE('Lars Eriksen'),
 D('Monday', '2026-08-10'), D('2019', '2019'), D('2025', '2025'), D('September', '2025-09', sem='2026-09'), D('Last month', '2026-07'),
 C('126', 126), C('9,000', 9000, opt=True), A('$1.5 billion', 1500000000, 'USD'), A('A$200 million', 200000000, 'AUD'),
 P('40 percent', 40), P('60%', 60)])

MERGE = [
 [('01_earnings.txt', '桐生正臣'), ('01_earnings.txt', '桐生')],
 [('01_earnings.txt', '北斗精機株式会社'), ('01_earnings.txt', '北斗精機')],
 [('02_ma.txt', '早乙女浩一郎'), ('02_ma.txt', '早乙女')],
 [('02_ma.txt', '東邦ケミカルホールディングス'), ('02_ma.txt', '東邦ケミカル'), ('02_ma.txt', '東邦ケミカルHD')],
 [('02_ma.txt', 'ファルケンベルク・ヴェルケ'), ('02_ma.txt', 'ファルケンベルク')],
 [('03_tech.txt', '三ツ矢遥香'), ('03_tech.txt', '三ツ矢')],
 [('03_tech.txt', '株式会社ソラリスAI'), ('03_tech.txt', 'ソラリスAI')],
 [('04_politics.txt', '鷲尾隆之'), ('04_politics.txt', '鷲尾')],
 [('04_politics.txt', '古賀原里美'), ('04_politics.txt', '古賀原')],
 [('05_diplomacy.txt', '山路圭介'), ('05_diplomacy.txt', '山路')],
 [('05_diplomacy.txt', 'エミリー・ハーグリーブス'), ('05_diplomacy.txt', 'ハーグリーブス')],
 [('06_court.txt', '犬飼翔太'), ('06_court.txt', '犬飼')],
 [('06_court.txt', '平松由紀子'), ('06_court.txt', '平松')],
 [('07_local.txt', '上田聡子'), ('07_local.txt', '上田')],
 [('08_sports.txt', '杉浦蓮'), ('08_sports.txt', '杉浦')],
 [('08_sports.txt', 'マチェイ・コヴァルスキ'), ('08_sports.txt', 'コヴァルスキ')],
 [('09_culture.txt', '日下部ひかり'), ('09_culture.txt', '日下部')],
 [('10_science.txt', '宮ノ下哲也'), ('10_science.txt', '宮ノ下')],
 [('11_labour.txt', '芳賀美智代'), ('11_labour.txt', '芳賀')],
 [('13_interview.txt', '千早あかね'), ('13_interview.txt', '千早')],
 [('14_en_business.txt', 'Marisol Trevino'), ('14_en_business.txt', 'Trevino')],
 [('14_en_business.txt', 'Daniel Okafor'), ('14_en_business.txt', 'Okafor')],
 [('14_en_business.txt', 'Harbourline Group Inc.'), ('14_en_business.txt', 'Harbourline')],
 [('14_en_business.txt', 'Keswick Foods'), ('14_en_business.txt', 'Keswick')],
 [('15_en_politics.txt', 'Rebecca Almquist'), ('15_en_politics.txt', 'Almquist')],
 [('15_en_politics.txt', 'Thomas Kettering'), ('15_en_politics.txt', 'Kettering')],
 [('15_en_politics.txt', 'Gordon Whitfield'), ('15_en_politics.txt', 'Whitfield')],
 [('16_en_science.txt', 'Hana Whitcombe'), ('16_en_science.txt', 'Whitcombe')],
 [('16_en_science.txt', 'Kenji Moriyama'), ('16_en_science.txt', 'Moriyama')],
]
NOT_MERGE = [
 [('13_interview.txt', '千早あかね'), ('13_interview.txt', '千早宗一郎')],
 [('16_en_science.txt', 'Kenji Moriyama'), ('08_sports.txt', '森山奈央')],
 [('03_tech.txt', 'さくらクラウド'), ('13_interview.txt', 'さくら国際銀行')],
 [('02_ma.txt', '東邦ケミカルホールディングス'), ('09_culture.txt', '東栄シネマズ')],
 [('02_ma.txt', '東邦ケミカルホールディングス'), ('02_ma.txt', 'ファルケンベルク・ヴェルケ')],
 [('14_en_business.txt', 'Harbourline Group Inc.'), ('14_en_business.txt', 'Keswick Foods')],
 [('12_disaster.txt', '九州電力送配電'), ('12_disaster.txt', 'JR九州')],
 [('06_court.txt', '犬飼翔太'), ('06_court.txt', '沼田章吾')],
 [('04_politics.txt', '鷲尾隆之'), ('04_politics.txt', '古賀原里美')],
 [('15_en_politics.txt', 'Thomas Kettering'), ('15_en_politics.txt', 'Gordon Whitfield')],
 [('04_politics.txt', 'みらい連合'), ('13_interview.txt', '北國みらい銀行')],
]

ok = True
out = {'conventions': 'see README.md; every occurrence of text counts unless inside a longer gold mention of the same type (optional ones included)',
       'articles': {}, 'must_merge': [], 'must_not_merge': []}
for f, (date, ms) in sorted(G.items()):
    txt = open(os.path.join(ART, f), encoding='utf-8').read()
    lines = txt.split('\n')
    dl = lines[2].strip()
    ms = [D(dl, date, opt=True)] + ms   # the dateline itself: optional
    for m in ms:
        if m['text'] not in txt:
            print('MISSING', f, m['text']); ok = False
    n = len(txt)
    if not (500 <= n <= 1200): print('LEN', f, n)
    out['articles'][f] = {'date': date, 'lang': 'en' if '_en_' in f else 'ja', 'mentions': ms}
for grp in MERGE:
    for f, t in grp:
        assert any(m['text'] == t for m in out['articles'][f]['mentions']), (f, t)
    out['must_merge'].append([{'doc': f, 'text': t} for f, t in grp])
for grp in NOT_MERGE:
    for f, t in grp:
        assert any(m['text'] == t for m in out['articles'][f]['mentions']), (f, t)
    out['must_not_merge'].append([{'doc': f, 'text': t} for f, t in grp])
json.dump(out, open(os.path.join(HERE, 'gold.json'), 'w'), ensure_ascii=False, indent=1)
print('ok' if ok else 'ERRORS', sum(len(a['mentions']) for a in out['articles'].values()), 'mention types')
