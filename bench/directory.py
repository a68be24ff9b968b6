#!/usr/bin/env python3
"""A deterministic synthetic directory for benchmarks: the demo company (56 people) grown to N people.

Usage: bench/directory.py OUT.json [people=10000] [seed=42] [experts=1000]

As in a real company, most people are not experts on the product: of the N people, `experts` (default 1,000, with the
demo company's 56) work in the demo company's support, engineering and product roles; each is modelled on one of the
demo people (job title, department, time zone, working hours) with that role's skills, responsibilities and interests
resampled and a few skills of the same department added, so routing has real work: dozens of people per topic, none
identical. Everyone else works elsewhere in the company (sales, marketing, HR, legal, IT, finance) with that work's
skills plus the demo company's everyday ones (languages, Salesforce, Jira, SQL, Power BI...), so the product words
still reach people who are not the experts. The demo people are kept as they are (the shipped pools name some of them).
"""
import json
import random
import sys
from pathlib import Path

FIRST = ("Aiden Amara Ana Anika Ben Bianca Carlos Chen Chloe Daniel Deepa Diego Elena Emma Fatima Felix Grace Hana Hugo "
         "Ines Isaac Jonas Julia Kai Kenji Lara Leo Lina Lucas Maya Mei Mohammed Nadia Noah Nora Olga Omar Paula Priya "
         "Rafael Ravi Rosa Sam Sara Sofia Tariq Tom Uma Victor Wei Yara Yusuf Zoe").split()
LAST = ("Adams Ahmed Alvarez Becker Brown Campbell Chen Costa Dubois Evans Fischer Garcia Gupta Hansen Ibrahim Ito Jensen "
        "Kim Kowalski Kumar Larsen Lee Lopez Martin Meyer Moreau Murphy Nakamura Nguyen Novak Okafor Olsen Patel Pereira "
        "Petrov Quinn Rossi Santos Schmidt Silva Singh Smith Suzuki Tanaka Taylor Walsh Weber Wong Yilmaz Zhang").split()
# The rest of the company: role, department and skills of their own, plus everyday skills shared with the experts.
COMPANY = [
    ("Account Executive", "Sales", ["enterprise sales", "negotiation", "Salesforce", "pipeline management"]),
    ("Sales Development Representative", "Sales", ["prospecting", "cold calling", "Salesforce", "customer communication"]),
    ("Sales Engineer", "Sales", ["product demos", "solution architecture", "REST API", "single sign-on"]),
    ("Marketing Manager", "Marketing", ["campaign management", "content marketing", "SEO", "Amplitude"]),
    ("Product Marketing Manager", "Marketing", ["positioning", "launch planning", "customer interviews", "pricing"]),
    ("Recruiter", "Human Resources", ["technical recruiting", "interviewing", "employer branding"]),
    ("HR Business Partner", "Human Resources", ["employee relations", "performance management", "workforce planning"]),
    ("Legal Counsel", "Legal", ["contract law", "GDPR", "data processing agreements", "negotiation"]),
    ("IT Support Specialist", "IT", ["laptop provisioning", "mobile device management", "password reset", "Microsoft Entra ID"]),
    ("Accountant", "Finance", ["accounts payable", "month-end close", "invoicing", "Power BI"]),
    ("Financial Analyst", "Finance", ["forecasting", "SQL", "Power BI", "pricing"]),
    ("Office Manager", "Facilities", ["office operations", "vendor management", "event planning"]),
]
EVERYDAY = ["German", "Spanish", "French", "Portuguese", "Italian", "Polish", "Mandarin", "Hindi", "Jira", "SQL", "Power BI",
            "Salesforce", "customer communication", "Figma", "Python", "dashboards"]
ZONES = ["America/Los_Angeles", "America/New_York", "America/Sao_Paulo", "Europe/Berlin", "Europe/Dublin", "Asia/Kolkata", "Australia/Sydney"]
PRESENCE = ["Available"] * 80 + ["Busy"] * 8 + ["Away"] * 6 + ["DoNotDisturb"] * 3 + ["Offline"] * 3


def main() -> None:
    out = Path(sys.argv[1])
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 42
    experts = int(sys.argv[4]) if len(sys.argv) > 4 else 1000
    demo_path = Path(__file__).resolve().parent.parent / "src/ExpertBot/Features/Experts/demo-directory.json"
    demo = json.loads(demo_path.read_text(encoding="utf-8"))
    people = list(demo["people"])
    # Roles worth copying: enabled people with skills (not the departed engineer).
    roles = [p for p in people if p.get("skills") and p.get("accountEnabled", True)]
    by_department: dict[str, list[str]] = {}
    for p in roles:
        by_department.setdefault(p["department"], []).extend(p["skills"])
    rng = random.Random(seed)
    for n in range(size - len(people)):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        alias = f"{first}.{last}{n}".lower()
        if len(people) >= experts:
            title, department, own = rng.choice(COMPANY)
            people.append({
                "id": f"5e000000-0000-4000-8000-{n:012d}",
                "displayName": f"{first} {last}",
                "mail": f"{alias}@contoso.example",
                "userPrincipalName": f"{alias}@contoso.example",
                "jobTitle": title,
                "department": department,
                "timeZone": rng.choice(ZONES),
                "workingHours": {"days": ["monday", "tuesday", "wednesday", "thursday", "friday"], "start": "09:00", "end": "17:30"},
                "skills": rng.sample(own, k=rng.randint(2, len(own))) + rng.sample(EVERYDAY, k=rng.randint(0, 2)),
                "responsibilities": [f"{department} {rng.choice(['EMEA', 'Americas', 'APAC'])}"],
                "presence": rng.choice(PRESENCE),
            })
            continue
        role = rng.choice(roles)
        skills = rng.sample(role["skills"], k=max(1, round(len(role["skills"]) * rng.uniform(0.5, 1.0))))
        for extra in rng.sample(by_department[role["department"]], k=rng.randint(0, 2)):
            if extra not in skills:
                skills.append(extra)
        person = {
            # Entra object ids are GUIDs; these are recognisable and stable per index.
            "id": f"5e000000-0000-4000-8000-{n:012d}",
            "displayName": f"{first} {last}",
            "mail": f"{alias}@contoso.example",
            "userPrincipalName": f"{alias}@contoso.example",
            "jobTitle": role["jobTitle"],
            "department": role["department"],
            "officeLocation": role.get("officeLocation"),
            "preferredLanguage": role.get("preferredLanguage"),
            "timeZone": role.get("timeZone"),
            "workingHours": role.get("workingHours"),
            "aboutMe": role.get("aboutMe"),
            "skills": skills,
            "interests": rng.sample(role.get("interests", []), k=rng.randint(0, len(role.get("interests", [])))),
            "pastProjects": rng.sample(role.get("pastProjects", []), k=rng.randint(0, len(role.get("pastProjects", [])))),
            "responsibilities": rng.sample(role.get("responsibilities", []), k=rng.randint(min(1, len(role.get("responsibilities", []))), len(role.get("responsibilities", [])))),
            "schools": role.get("schools", []),
            "presence": rng.choice(PRESENCE),
        }
        people.append({k: v for k, v in person.items() if v is not None})
    out.write_text(json.dumps({"company": demo.get("company", "Contoso"), "people": people}, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
