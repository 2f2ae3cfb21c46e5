"""Story templates per municipal-news topic: headlines, leads, facts (each with rewordings), quotes.

A story fills one topic's slots once; every outlet copy of it draws from the same facts, so copies
share the facts and numbers but differ in wording, order, lead and headline. ``(은)``-style markers
are resolved by :func:`crawler.samples.text.fix_josa`.
"""

from __future__ import annotations

import random
from typing import Any

from crawler.samples import vocab
from crawler.samples.vocab import City


def _money(rng: random.Random, lo: int, hi: int) -> str:
    n = rng.randint(lo, hi)
    return f"{n:,}억원" if n < 10000 else f"{n // 10000}조{n % 10000:,}억원"


def slots_for(topic: str, rng: random.Random, city: City) -> dict[str, Any]:
    """Fill every slot a topic's templates may use; deterministic for a seeded rng."""
    places = rng.sample(city.places, 3)
    dongs = rng.sample(city.dongs, 2)
    s: dict[str, Any] = {
        "city": city.name, "cityn": city.full, "head": city.head_title, "region": city.region,
        "place": places[0], "place2": places[1], "place3": places[2],
        "venue": rng.choice(city.venues), "school": rng.choice(city.schools), "dong": dongs[0],
        "dong2": dongs[1], "industry": rng.choice(city.industries),
        "dept": rng.choice(vocab.DEPTS[topic]), "offtitle": rng.choice(vocab.OFFICIAL_TITLES),
        "official": person(rng), "mayor": person(rng), "citizen": person(rng),
        "d1": rng.randint(2, 28), "days": rng.randint(2, 10), "month": rng.randint(1, 12),
        "n1": rng.randint(3, 60), "n2": rng.randint(100, 990), "n3": rng.randint(2, 19),
        "pct": rng.randint(3, 48), "pct2": rng.randint(51, 97), "year": rng.choice((2025, 2026, 2027, 2028)),
        "money": _money(rng, 3, 900), "money2": _money(rng, 1000, 25000),
        "company": rng.choice(vocab.COMPANIES), "company2": rng.choice(vocab.COMPANIES),
        "visitors": f"{rng.randint(12, 480)}만", "jobs": rng.randint(40, 1500),
    }
    progs = rng.sample(vocab.PROGRAMS, 4)
    s.update(prog1=progs[0], prog2=progs[1], prog3=progs[2], prog4=progs[3])
    s["fest"] = f"제{rng.randint(3, 40)}회 " + rng.choice(city.fests)
    s["theme"] = rng.choice(vocab.THEMES)
    g = rng.sample(vocab.WELFARE_GROUPS, 2)
    w = rng.sample(vocab.WELFARE_ITEMS, 3)
    s.update(group=g[0], group2=g[1], witem=w[0], witem2=w[1], witem3=w[2])
    s["road"] = rng.choice(vocab.ROADS)
    s["length"] = f"{rng.randint(1, 14)}.{rng.randint(1, 9)}㎞"
    s["disaster"], s["disaster2"] = rng.sample(vocab.DISASTERS, 2)
    e = rng.sample(vocab.EDU_ITEMS, 3)
    s.update(edu=e[0], edu2=e[1], edu3=e[2])
    v = rng.sample(vocab.ENV_ITEMS, 3)
    s.update(env=v[0], env2=v[1], env3=v[2])
    d = rng.sample(vocab.DIGITAL_ITEMS, 3)
    s.update(dig=d[0], dig2=d[1], dig3=d[2])
    s["tons"] = rng.randint(12, 900)
    s["trees"] = f"{rng.randint(2, 95)}만 그루" if rng.random() < 0.5 else f"{rng.randint(1000, 9000):,}그루"
    return s


def person(rng: random.Random) -> str:
    return rng.choice(vocab.SURNAMES) + rng.choice(vocab.GIVEN)


# Each topic: section, titles, subtitles, leads, facts (lists of rewordings), quotes, closings.
TOPICS: dict[str, dict[str, Any]] = {
    "festival": {
        "section": "문화",
        "titles": [
            "{city} '{fest}' {d1}일 개막…{place} 일원서 {days}일간",
            "{fest}, '{theme}' 주제로 {d1}일 막 올린다",
            "{cityn}, {place}서 {fest} 연다…{prog1}·{prog2} 등 풍성",
            "'{theme}'…{fest} {days}일간 열려",
        ],
        "subtitles": [
            "{prog1}·{prog2}·{prog3} 등 {n1}개 프로그램", "관람객 {visitors}명 목표…교통 통제 구간 안내",
            "지역 상권과 연계한 체류형 축제로", "",
        ],
        "leads": [
            "{cityn}(은) 오는 {d1}일부터 {days}일간 {place} 일원에서 '{fest}'(을) 개최한다고 밝혔다.",
            "'{theme}'(을) 주제로 한 '{fest}'(이) 오는 {d1}일 {place}에서 막을 올린다.",
            "{city}의 대표 축제인 '{fest}'(이) {days}일간의 일정으로 {d1}일 개막한다.",
        ],
        "facts": [
            ["올해 축제는 '{theme}'(을) 주제로 모두 {n1}개 프로그램으로 꾸며진다.",
             "축제에는 '{theme}'(이라)는 주제 아래 {n1}개 프로그램이 마련됐다.",
             "'{theme}'(을) 내건 올해 축제의 프로그램은 모두 {n1}개다."],
            ["개막식은 {d1}일 오후 7시 {place} 특설무대에서 열리며 {prog1}(과) {prog2}(이) 이어진다.",
             "{d1}일 오후 7시 {place} 특설무대에서 개막식이 열리고 이어 {prog1}(과) {prog2}(이) 펼쳐진다."],
            ["축제 기간 {place2}에서는 {prog3}(과) {prog4}(이) 매일 운영된다.",
             "{place2}에서는 축제 기간 내내 {prog3}, {prog4} 프로그램을 즐길 수 있다."],
            ["시는 올해 관람객 {visitors}명이 축제장을 찾을 것으로 내다봤다.",
             "{cityn}(은) 관람객 {visitors}명의 방문을 예상하고 있다."],
            ["축제장 주변에는 임시 주차장 {n3}곳과 무료 셔틀버스가 운영된다.",
             "시는 임시 주차장 {n3}곳을 마련하고 무료 셔틀버스를 운행하기로 했다."],
            ["행사 기간 {place} 주변 도로는 구간별로 교통이 통제된다.",
             "{place} 인근 도로는 행사 기간 구간별 교통 통제가 이뤄진다."],
            ["올해는 일회용품 없는 축제를 목표로 다회용기 {n2}개를 먹거리 장터에 보급한다.",
             "먹거리 장터에는 다회용기 {n2}개가 보급돼 일회용품 없는 축제를 지향한다."],
            ["지역 상인회와 함께 축제 영수증을 가져오면 인근 식당에서 {pct}% 할인을 받는 행사도 마련됐다.",
             "축제 영수증을 제시하면 인근 식당에서 {pct}% 할인을 받을 수 있도록 상인회와 협약을 맺었다."],
            ["안전관리 요원 {n2}명이 배치되고 응급 의료소 {n3}곳이 설치된다.",
             "시는 안전관리 요원 {n2}명을 배치하고 응급 의료소 {n3}곳을 운영한다."],
            ["지난해 축제에는 {n1}만여 명이 다녀가 지역 경제 파급효과가 {money}에 이른 것으로 집계됐다.",
             "지난해에는 {n1}만여 명이 축제장을 찾았고 경제 파급효과는 {money}(으로) 추산됐다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"시민과 관광객 모두가 안전하게 즐길 수 있도록 준비에 만전을 기하겠다\"고 말했다.",
            "{mayor} {head}(은) \"'{theme}'(이라)는 주제처럼 모두가 함께 어울리는 축제가 되길 바란다\"고 했다.",
        ],
    },
    "jobs": {
        "section": "경제",
        "titles": [
            "{cityn}, {industry} 기업 {company}(과) {money} 투자협약",
            "{company}, {city}에 {money} 투자…일자리 {jobs}개 만든다",
            "{city} {industry} 산업 탄력…{company} {venue} 입주 확정",
            "{cityn}-{company}, 신규 공장 건립 협약 체결",
        ],
        "subtitles": [
            "{year}년까지 {place} 인근 부지에 생산시설", "신규 고용 {jobs}명…지역 인재 우선 채용", "",
        ],
        "leads": [
            "{cityn}(은) {industry} 전문기업 {company}(과) {money} 규모의 투자협약을 체결했다고 밝혔다.",
            "{industry} 기업 {company}(이) {city}에 {money}(을) 투자해 신규 생산시설을 짓는다.",
            "{cityn}(과) {company}(이) {venue}에서 {money} 규모의 투자협약식을 열었다.",
        ],
        "facts": [
            ["협약에 따라 {company}(은) {year}년까지 {venue} 인근 부지에 {industry} 생산시설을 건립한다.",
             "{company}(은) 이번 협약으로 {year}년까지 {venue} 인근에 {industry} 생산 공장을 짓게 된다."],
            ["이번 투자로 {jobs}명의 신규 일자리가 생길 것으로 기대된다.",
             "시는 신규 일자리 {jobs}개가 만들어질 것으로 내다봤다."],
            ["시는 인허가 절차를 신속히 처리하고 기반시설 조성을 지원하기로 했다.",
             "{cityn}(은) 행정 절차 간소화와 기반시설 지원을 약속했다."],
            ["{company}(은) 신규 인력의 {pct2}% 이상을 지역 인재로 채용하기로 했다.",
             "회사는 채용 인원의 {pct2}% 이상을 지역 출신으로 뽑겠다고 밝혔다."],
            ["{company}(은) 지난해 매출 {money2}(을) 올린 {industry} 분야 중견기업이다.",
             "지난해 {money2}의 매출을 기록한 {company}(은) {industry} 분야에서 성장세가 가파른 기업이다."],
            ["시는 올해 들어 {industry} 분야에서만 {n3}건의 투자를 유치했다.",
             "올해 {cityn}(이) 유치한 {industry} 분야 투자는 이번이 {n3}번째다."],
            ["{school}(은) 기업 맞춤형 교육과정을 개설해 인력 양성을 돕는다.",
             "인력 양성은 {school}(이) 기업 맞춤형 교육과정을 열어 지원한다."],
            ["협약식에는 {company2} 등 협력업체 관계자 {n1}명도 참석했다.",
             "이날 협약식에는 {company2} 등 협력사 관계자 {n1}명이 함께했다."],
            ["시는 {year}년까지 {industry} 특화단지 조성에 {money2}(을) 투입할 계획이다.",
             "{cityn}(은) {industry} 특화단지 조성에 {year}년까지 {money2}(을) 들일 예정이다."],
            ["생산시설이 완공되면 연간 {money} 규모의 지역 협력업체 발주가 생길 것으로 예상된다.",
             "완공 뒤에는 지역 협력업체에 해마다 {money} 규모의 물량이 돌아갈 전망이다."],
        ],
        "quotes": [
            "{mayor} {head}(은) \"{company}의 투자가 {industry} 산업 생태계를 키우는 마중물이 될 것\"이라고 말했다.",
            "{company} 대표 {citizen} 씨는 \"지역과 함께 성장하는 기업이 되겠다\"고 했다.",
        ],
    },
    "budget": {
        "section": "행정",
        "titles": [
            "{cityn} 내년 예산 {money2}…민생·안전에 집중",
            "{city} 내년 살림살이 {money2} 편성",
            "{cityn}, {money2} 규모 예산안 시의회 제출",
        ],
        "subtitles": ["일반회계 {pct2}%…복지 분야 비중 가장 커", "전년 대비 {pct}% 증가", ""],
        "leads": [
            "{cityn}(은) 내년도 예산안을 {money2} 규모로 편성해 시의회에 제출했다고 밝혔다.",
            "{cityn}의 내년 예산이 {money2} 규모로 짜였다.",
            "{city}의 내년 살림 규모가 {money2}(으로) 정해져 시의회 심의를 앞두고 있다.",
        ],
        "facts": [
            ["이는 올해 본예산보다 {pct}% 늘어난 규모다.", "올해 본예산과 비교하면 {pct}% 증가했다."],
            ["일반회계는 전체의 {pct2}%를 차지한다.", "전체 예산 가운데 일반회계 비중은 {pct2}%다."],
            ["분야별로는 사회복지 예산이 가장 많고 도로·교통, 환경 분야가 뒤를 이었다.",
             "사회복지 분야 예산이 가장 크고 이어 도로·교통, 환경 순이었다."],
            ["{dong} 일대 {road} 개설에 {money}(이) 반영됐다.", "{money}(은) {dong} 일대 {road} 개설 사업에 쓰인다."],
            ["{group} 지원 사업에는 {money}(이) 배정됐다.", "{group}(을) 위한 지원 예산으로 {money}(을) 편성했다."],
            ["시는 행사성 경비를 {pct}% 줄여 민생 사업에 돌렸다.", "행사·축제 경비는 {pct}% 삭감해 민생 분야로 재배치했다."],
            ["지방채는 발행하지 않기로 했다.", "시는 내년에도 지방채를 발행하지 않는다."],
            ["{industry} 산업 육성에 {money}(이) 새로 편성됐다.", "신규 사업으로는 {industry} 산업 육성 예산 {money}(이) 눈에 띈다."],
            ["예산안은 시의회 심의를 거쳐 다음 달 중순 확정된다.", "시의회는 다음 달 중순까지 예산안을 심의해 확정한다."],
            ["재난 대비를 위한 {disaster} 대응 예산도 {pct}% 늘었다.", "{disaster} 대비 예산은 올해보다 {pct}% 증액됐다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"어려운 재정 여건 속에서도 시민 삶과 직결된 사업을 우선 반영했다\"고 설명했다.",
            "{mayor} {head}(은) \"한정된 재원을 꼭 필요한 곳에 쓰겠다\"고 밝혔다.",
        ],
    },
    "welfare": {
        "section": "사회",
        "titles": [
            "{cityn}, {group} {n2}가구에 {witem} 지원",
            "{city} {group} 돌봄 강화…{witem}·{witem2} 확대",
            "'{witem} 걱정 덜어요' {cityn} {group} 지원 나서",
        ],
        "subtitles": ["{dong} 등 {n3}개 읍면동에서 시범 운영", "대상 가구 {pct}% 늘려", ""],
        "leads": [
            "{cityn}(은) {group} {n2}가구를 대상으로 {witem}(을) 지원한다고 밝혔다.",
            "{city} 지역 {group}의 겨울나기를 돕기 위해 {cityn}(이) {witem} 지원에 나선다.",
            "{cityn}(이) {group}(을) 위한 {witem} 지원 사업을 확대한다.",
        ],
        "facts": [
            ["지원 대상은 {dong} 등 {n3}개 읍면동의 {group} {n2}가구다.",
             "{dong}(을) 비롯한 {n3}개 읍면동 {group} {n2}가구가 지원을 받는다."],
            ["가구당 지원 금액은 {n1}만원이며 다음 달부터 지급된다.", "다음 달부터 가구마다 {n1}만원씩 지급한다."],
            ["시는 {witem2}(과) {witem3} 서비스도 함께 제공한다.", "{witem2}, {witem3} 서비스가 함께 연계된다."],
            ["올해 대상 가구는 지난해보다 {pct}% 늘었다.", "지원 가구 수는 지난해에 비해 {pct}% 증가했다."],
            ["신청은 주소지 행정복지센터에서 할 수 있다.", "지원을 원하는 가구는 가까운 행정복지센터에 신청하면 된다."],
            ["복지 사각지대를 찾기 위해 통장과 이웃 {n2}명으로 구성된 명예사회복지공무원이 활동한다.",
             "통장·이웃 {n2}명이 명예사회복지공무원으로 위촉돼 사각지대 발굴에 나선다."],
            ["{group2}에게는 별도 상담 창구가 운영된다.", "{group2}(을) 위한 전담 상담 창구도 따로 마련했다."],
            ["사업비 {money}(은) 시비와 도비로 마련됐다.", "이번 사업에는 시비와 도비 {money}(이) 투입된다."],
            ["시는 {school} 사회복지학과 학생 {n1}명과 함께 가정 방문도 한다.",
             "{school} 사회복지학과 학생 {n1}명이 가정 방문에 참여한다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"도움이 필요한 이웃이 한 명도 빠지지 않도록 꼼꼼히 살피겠다\"고 말했다.",
            "{dong}에 사는 {citizen} 씨는 \"{witem} 부담을 덜게 돼 큰 힘이 된다\"고 했다.",
        ],
    },
    "transport": {
        "section": "사회",
        "titles": [
            "{city} {dong}~{dong2} {road} {length} 개통",
            "{cityn}, {road} 착공…{year}년 완공 목표",
            "{dong} 교통 체증 숨통…{road} 개통",
        ],
        "subtitles": ["총사업비 {money} 투입", "출퇴근 시간 {n1}분 단축 기대", ""],
        "leads": [
            "{cityn}(은) {dong}에서 {dong2}(을) 잇는 {road} {length} 구간을 개통한다고 밝혔다.",
            "{city} {dong}(과) {dong2} 사이 {road}(이) 개통돼 교통 흐름이 한결 나아질 전망이다.",
            "{dong}~{dong2} 간 {road} {length}(이) 공사를 마치고 문을 연다.",
        ],
        "facts": [
            ["이 도로는 왕복 4차로, 길이 {length} 규모로 총사업비 {money}(이) 투입됐다.",
             "총사업비 {money}(을) 들인 이 도로는 길이 {length}의 왕복 4차로다."],
            ["개통으로 출퇴근 시간대 통행 시간이 {n1}분가량 줄어들 것으로 보인다.",
             "시는 출퇴근 시간이 {n1}분 정도 단축될 것으로 내다봤다."],
            ["도로에는 자전거도로와 보행로가 함께 설치됐다.", "보행로와 자전거도로도 나란히 조성됐다."],
            ["공사 과정에서 {place} 주변 배수로 정비도 함께 이뤄졌다.",
             "시는 공사와 함께 {place} 주변 배수로를 정비했다."],
            ["{dong} 주민 {n2}명은 그동안 상습 정체로 불편을 겪어 왔다.",
             "그동안 {dong} 주민 {n2}명이 상습 정체 구간 때문에 불편을 호소해 왔다."],
            ["시는 교차로 {n3}곳에 스마트 신호 체계를 도입했다.", "교차로 {n3}곳에는 스마트 신호등이 설치됐다."],
            ["{year}년까지 {dong2}에서 {place2}까지 연장 구간 공사도 추진된다.",
             "{dong2}~{place2} 연장 구간은 {year}년까지 공사를 이어간다."],
            ["개통식은 {d1}일 오전 10시 현장에서 열린다.", "{d1}일 오전 10시 현장에서 개통식이 열린다."],
            ["시내버스 {n3}개 노선도 새 도로를 경유하도록 조정된다.", "새 도로를 지나도록 시내버스 {n3}개 노선이 바뀐다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"주민 불편을 줄이고 지역 균형 발전의 기반이 될 것\"이라고 말했다.",
            "{mayor} {head}(은) \"공사 기간 불편을 참아 준 주민들께 감사드린다\"고 했다.",
        ],
    },
    "safety": {
        "section": "사회",
        "titles": [
            "{cityn}, {disaster} 대비 합동 훈련…{n2}명 참여",
            "{city} {place}서 {disaster} 대응 실전 훈련",
            "'{disaster} 나면 이렇게' {cityn} 시민 참여 훈련",
        ],
        "subtitles": ["소방·경찰·군 등 {n3}개 기관 참여", "대피소 {n1}곳 점검도 병행", ""],
        "leads": [
            "{cityn}(은) {place} 일원에서 {disaster} 대비 합동 훈련을 했다고 밝혔다.",
            "{disaster} 상황을 가정한 민관 합동 훈련이 {city} {place}에서 열렸다.",
            "{cityn}(이) 시민 {n2}명과 함께 {disaster} 대응 훈련을 진행했다.",
        ],
        "facts": [
            ["훈련에는 소방서와 경찰서, 군부대 등 {n3}개 기관과 시민 {n2}명이 참여했다.",
             "소방·경찰·군 등 {n3}개 기관과 시민 {n2}명이 훈련에 함께했다."],
            ["참가자들은 {disaster} 발생 상황을 가정해 대피와 구조, 응급처치 순서로 훈련했다.",
             "훈련은 {disaster}(이) 난 상황을 가정해 대피, 구조, 응급처치 순으로 진행됐다."],
            ["시는 관내 대피소 {n1}곳의 비상용품도 함께 점검했다.", "대피소 {n1}곳의 비상용품 점검도 함께 이뤄졌다."],
            ["드론을 활용한 실종자 수색 훈련도 처음 도입됐다.", "올해는 드론으로 실종자를 찾는 훈련이 처음 포함됐다."],
            ["{dong} 주민들은 재난 문자를 받고 지정 대피소로 이동하는 과정을 익혔다.",
             "{dong} 주민들은 재난 문자 수신부터 대피소 이동까지 전 과정을 직접 해 봤다."],
            ["시는 {disaster2} 대비 매뉴얼도 연말까지 새로 정비한다.", "연말까지 {disaster2} 대응 매뉴얼도 손본다."],
            ["훈련 결과는 평가를 거쳐 재난안전 대책에 반영된다.", "시는 훈련 결과를 평가해 재난안전 대책을 보완할 방침이다."],
            ["{school} 학생 {n1}명도 자원봉사자로 참여했다.", "자원봉사자로 나선 {school} 학생 {n1}명도 힘을 보탰다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"실전 같은 훈련만이 재난 때 생명을 지킨다\"고 강조했다.",
            "훈련에 참여한 {citizen} 씨는 \"대피 경로를 직접 걸어 보니 막상 상황이 닥쳐도 덜 당황할 것 같다\"고 말했다.",
        ],
    },
    "tourism": {
        "section": "경제",
        "titles": [
            "{city} 관광객 {visitors}명 돌파…{place} 인기",
            "{cityn}, 체류형 관광 전략 통했다…숙박객 {pct}% 증가",
            "{place}·{place2} 북적…{city} 관광 '훈풍'",
        ],
        "subtitles": ["외국인 관광객 {pct2}% 늘어", "야간 관광 상품 효과", ""],
        "leads": [
            "올해 {city}(을) 찾은 관광객이 {visitors}명을 넘어섰다.",
            "{cityn}(은) 올해 들어 관광객 {visitors}명이 다녀간 것으로 집계됐다고 밝혔다.",
            "{city} 관광이 회복세를 넘어 성장세로 돌아섰다.",
        ],
        "facts": [
            ["이는 지난해 같은 기간보다 {pct}% 늘어난 수치다.", "지난해 같은 기간과 비교하면 {pct}% 증가했다."],
            ["가장 많은 관광객이 찾은 곳은 {place}(이었)고 {place2}, {place3} 순이었다.",
             "관광지별로는 {place}(이) 가장 많았고 {place2}(과) {place3}(이) 뒤를 이었다."],
            ["외국인 관광객은 {pct2}% 늘어 증가 폭이 더 컸다.", "외국인 관광객 증가율은 {pct2}%로 더 높았다."],
            ["숙박 관광객 비율도 {pct}%(으로) 높아져 체류형 관광이 자리를 잡고 있다.",
             "숙박하는 관광객이 {pct}%(으로) 늘며 체류형 관광으로 바뀌고 있다."],
            ["시는 야간 관광 상품 '{theme}'(을) 운영해 저녁 시간 방문객을 끌어들였다.",
             "'{theme}' 야간 관광 상품이 저녁 시간대 방문객 유치에 효과를 냈다."],
            ["관광객 카드 사용액은 {money}(으로) 집계됐다.", "관광객이 쓴 카드 금액은 모두 {money}(이었)다."],
            ["시는 {place2} 일대에 관광안내소 {n3}곳을 추가로 설치할 계획이다.",
             "{place2} 주변에는 관광안내소 {n3}곳이 더 생긴다."],
            ["{venue}에서 열린 국제회의도 관광객 증가에 한몫했다.", "{venue} 국제회의 개최도 방문객 증가에 힘을 보탰다."],
            ["관광객 만족도 조사에서는 응답자의 {pct2}%가 다시 방문하겠다고 답했다.",
             "만족도 조사 응답자 {pct2}%는 재방문 의사를 밝혔다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"머무르며 즐기는 관광도시로 자리 잡도록 콘텐츠를 늘리겠다\"고 말했다.",
            "{place}에서 만난 관광객 {citizen} 씨는 \"볼거리가 많아 하루로는 부족하다\"고 했다.",
        ],
    },
    "education": {
        "section": "교육",
        "titles": [
            "{cityn}, 초·중학생 {n2}명 대상 '{edu}' 운영",
            "{city} 청소년 {edu}·{edu2} 프로그램 인기",
            "{cityn}-{school}, 청소년 {edu} 협약",
        ],
        "subtitles": ["{school} 교수진 참여", "{n3}주 과정…참가비 무료", ""],
        "leads": [
            "{cityn}(은) 지역 초·중학생 {n2}명을 대상으로 '{edu}' 프로그램을 운영한다고 밝혔다.",
            "{city} 청소년들을 위한 '{edu}' 프로그램이 {school}에서 열린다.",
            "{cityn}(과) {school}(이) 손잡고 청소년 {edu} 프로그램을 시작한다.",
        ],
        "facts": [
            ["프로그램은 {n3}주 과정으로 매주 토요일 {venue}에서 진행된다.",
             "매주 토요일 {venue}에서 {n3}주 동안 수업이 이어진다."],
            ["{school} 교수진과 대학생 멘토 {n1}명이 강사로 참여한다.", "강사로는 {school} 교수진과 대학생 멘토 {n1}명이 나선다."],
            ["참가비는 무료이며 교재와 간식도 제공된다.", "교재와 간식이 제공되고 참가비는 받지 않는다."],
            ["{edu2}(과) {edu3} 수업도 함께 마련됐다.", "{edu2}, {edu3} 과정도 개설된다."],
            ["지난해 참가 학생의 {pct2}%가 만족한다고 답했다.", "지난해 참여 학생 만족도는 {pct2}%에 달했다."],
            ["신청은 {d1}일까지 시 교육 포털에서 받는다.", "{d1}일까지 시 교육 포털에서 신청할 수 있다."],
            ["저소득층 학생에게는 정원의 {pct}%(을) 우선 배정한다.", "정원의 {pct}%는 저소득층 학생에게 먼저 돌아간다."],
            ["시는 {year}년까지 {edu} 거점 센터를 {n3}곳으로 늘릴 계획이다.",
             "{year}년까지 {edu} 거점 센터를 {n3}곳으로 확대하는 것이 목표다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"아이들이 미래 역량을 키울 수 있도록 교육 기회를 넓히겠다\"고 말했다.",
            "지난해 참가한 학부모 {citizen} 씨는 \"아이가 스스로 배우는 재미를 알게 됐다\"고 했다.",
        ],
    },
    "environment": {
        "section": "사회",
        "titles": [
            "{cityn}, '{env}' 시민 운동 본격화",
            "{city} {place} 일대 {env} 캠페인…시민 {n2}명 동참",
            "{cityn}, {env}·{env2} 사업에 {money} 투입",
        ],
        "subtitles": ["{year}년까지 온실가스 {pct}% 감축 목표", "{dong} 등 시범 지역 선정", ""],
        "leads": [
            "{cityn}(은) {place} 일대에서 '{env}' 캠페인을 벌였다고 밝혔다.",
            "{city} 시민 {n2}명이 {place}에 모여 {env} 활동을 펼쳤다.",
            "{cityn}(이) {env} 사업을 본격적으로 추진한다.",
        ],
        "facts": [
            ["이날 행사에는 시민과 공무원, 환경단체 회원 등 {n2}명이 참여했다.",
             "시민·공무원·환경단체 회원 {n2}명이 행사에 함께했다."],
            ["참가자들은 {place}에서 {place2}까지 걸으며 쓰레기 {tons}㎏을 수거했다.",
             "{place}~{place2} 구간에서 수거한 쓰레기는 {tons}㎏에 달했다."],
            ["시는 {year}년까지 온실가스 배출량을 {pct}% 줄이는 것을 목표로 하고 있다.",
             "{cityn}의 목표는 {year}년까지 온실가스 {pct}% 감축이다."],
            ["{env2}(과) {env3} 사업에는 {money}(이) 투입된다.", "{money}(이) {env2}, {env3} 사업에 쓰인다."],
            ["{dong}(은) 시범 지역으로 선정돼 주민 참여 프로그램을 먼저 운영한다.",
             "시범 지역인 {dong}에서 주민 참여 프로그램이 먼저 시작된다."],
            ["도심 곳곳에 나무 {trees}(을) 심는 사업도 함께 진행된다.", "도심에는 나무 {trees}(이) 새로 심어진다."],
            ["시는 참여 시민에게 탄소중립 포인트를 지급한다.", "참여한 시민에게는 탄소중립 포인트가 주어진다."],
            ["{school} 환경동아리 학생들도 모니터링 요원으로 활동한다.",
             "모니터링은 {school} 환경동아리 학생들이 맡는다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"작은 실천이 모여 깨끗한 도시를 만든다\"고 말했다.",
            "행사에 참여한 {citizen} 씨는 \"아이와 함께 환경을 생각하는 계기가 됐다\"고 했다.",
        ],
    },
    "digital": {
        "section": "경제",
        "titles": [
            "{cityn}, '{dig}' 도입…스마트도시 속도",
            "{city} {dong}에 {dig} 첫선",
            "{cityn}, {dig}·{dig2} 구축에 {money}",
        ],
        "subtitles": ["정부 공모 선정…국비 {money} 확보", "{year}년까지 전역 확대", ""],
        "leads": [
            "{cityn}(은) {dong} 일대에 '{dig}'(을) 도입한다고 밝혔다.",
            "{city}에 '{dig}' 서비스가 처음 선보인다.",
            "{cityn}(이) 정부 공모에 선정돼 {dig} 구축 사업을 추진한다.",
        ],
        "facts": [
            ["이번 사업은 정부 스마트도시 공모에 선정돼 국비 {money}(을) 확보했다.",
             "시는 정부 스마트도시 공모에 뽑혀 국비 {money}(을) 지원받는다."],
            ["시는 우선 {dong}(과) {dong2}에서 시범 운영한 뒤 {year}년까지 전역으로 확대한다.",
             "{dong}·{dong2} 시범 운영을 거쳐 {year}년까지 시 전역으로 넓힌다."],
            ["{dig2}(과) {dig3}도 함께 구축된다.", "이와 함께 {dig2}, {dig3}도 설치된다."],
            ["시스템은 {company}(이) 개발했으며 데이터는 통합관제센터에서 관리한다.",
             "{company}(이) 개발한 시스템의 데이터는 통합관제센터가 관리한다."],
            ["시범 운영 결과 민원 처리 시간이 {pct}% 줄었다.", "시범 운영 기간 민원 처리 시간은 {pct}% 단축됐다."],
            ["시는 개인정보 보호를 위해 수집 데이터를 익명화해 저장한다.",
             "수집된 데이터는 개인정보 보호를 위해 익명 처리된다."],
            ["{school}(과) 함께 데이터 분석 인력 {n1}명을 양성할 계획이다.",
             "{school}(은) 데이터 분석 인력 {n1}명 양성을 맡는다."],
            ["시민 설문에서 응답자의 {pct2}%가 서비스 확대에 찬성했다.", "설문 응답자 {pct2}%는 서비스 확대를 원했다."],
        ],
        "quotes": [
            "{official} {cityn} {dept} {offtitle}(은) \"시민이 체감하는 스마트도시 서비스를 늘려 가겠다\"고 말했다.",
            "{mayor} {head}(은) \"데이터로 움직이는 도시 행정의 출발점\"이라고 했다.",
        ],
    },
}

# Background sentences any story of a city may carry (rewordings too).
BACKGROUND: list[list[str]] = [
    ["{cityn}(은) 올해 '시민 체감 행정'(을) 시정 목표로 내걸었다.", "'시민 체감 행정'(은) {cityn}의 올해 시정 목표다."],
    ["시는 지난해에도 비슷한 사업을 벌여 좋은 반응을 얻었다.", "지난해 같은 사업도 시민 호응이 높았다."],
    ["자세한 내용은 {cityn} 누리집이나 {dept}(으로) 문의하면 된다.", "문의는 {cityn} {dept}(으로) 하면 된다."],
    ["한편 {cityn}(은) 다음 달 {venue}에서 관련 설명회를 열 예정이다.", "{cityn}(은) 다음 달 {venue}에서 설명회도 연다."],
    ["시는 이번 사업의 성과를 분석해 내년 계획에 반영하기로 했다.", "성과 분석 결과는 내년 계획에 담긴다."],
    ["{region} 지역에서 이 같은 사례는 처음이다.", "이런 시도는 {region}에서 처음이다."],
]
