"""Check that every gold.csv row of blind coding set 13 points at a real segment with that text.

Ingests coding13/ and coding13/prose13/ into a temporary store with the kiicode CLI
(ingest and show only: nothing is coded or scored) and compares, for each folder,
the gold segment ids and their first 60 characters with what `kiicode show` prints,
and that every segment has exactly one gold row; also that each row's finding and loi
follow from its codes by the README's rule. Transcript ids come from the
Markdown file names and from the roster (`respondents.csv`), which names the ids of
the Zoom WebVTT, the Teams WebVTT, the SubRip file, the Otter text export and the
Word file.
Run from anywhere: python tests/blind/coding13/check.py
"""

import csv
import json
import pathlib
import shutil
import subprocess
import sys
import re
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parents[2]


# Valid ids, copied from the codebook definitions the gold was judged on
# (/work/blindkit/codebook_definitions.md): code -> line of inquiry, finding -> evidence codes.
CODE_LOI = {
    "partnership_design": "implementation",
    "vision_stable": "implementation",
    "policy_alignment": "implementation",
    "activity_delivery": "implementation",
    "training_activities": "implementation",
    "awareness_campaigns": "implementation",
    "protocol_development": "implementation",
    "stakeholder_reach": "implementation",
    "implemented_as_designed": "implementation",
    "implementation_challenges": "implementation",
    "uneven_buy_in": "implementation",
    "staff_turnover": "implementation",
    "scarce_resources": "implementation",
    "implementation_shortfall": "implementation",
    "adaptation": "implementation",
    "relationship_building": "implementation",
    "covid_virtual_shift": "implementation",
    "covid_disruption": "implementation",
    "tip_office_flexibility": "implementation",
    "adaptive_management": "implementation",
    "prosecution_capacity": "capacity",
    "victim_centred_investigation": "capacity",
    "specialised_justice_units": "capacity",
    "prosecutions_convictions": "capacity",
    "judicial_capacity": "capacity",
    "protection_capacity": "capacity",
    "victim_identification_referral": "capacity",
    "specialised_protection_services": "capacity",
    "mental_health_reintegration": "capacity",
    "prevention_capacity": "capacity",
    "issue_visibility": "capacity",
    "community_prevention": "capacity",
    "coordination_capacity": "capacity",
    "inter_institutional_coordination": "capacity",
    "roles_clarity": "capacity",
    "remaining_gaps": "capacity",
    "institutional_policy_gaps": "capacity",
    "coordination_gaps": "capacity",
    "training_gaps": "capacity",
    "prevention_neglected": "capacity",
    "protection_service_gaps": "capacity",
    "data_gaps": "capacity",
    "territorial_gaps": "capacity",
    "lima_concentration": "capacity",
    "rural_service_gaps": "capacity",
    "no_change_observed": "capacity",
    "partnership_contribution": "partnership_contribution",
    "justice_skills_contribution": "partnership_contribution",
    "public_sensitivity_change": "partnership_contribution",
    "multisectoral_commission": "partnership_contribution",
    "regional_commissions": "partnership_contribution",
    "protocol_standardisation": "partnership_contribution",
    "national_policy_2030": "partnership_contribution",
    "success_factors": "partnership_contribution",
    "collaborative_approach": "partnership_contribution",
    "sustainability_ownership": "partnership_contribution",
    "staffing_funding_gaps": "partnership_contribution",
    "context_factors": "context",
    "poverty": "context",
    "social_norms": "context",
    "illegal_mining_logging": "context",
    "false_job_offers": "context",
    "political_instability": "context",
    "venezuelan_migration": "context",
    "corruption": "context",
}
FINDING_CODES = {
    "F1": ("vision_stable", "policy_alignment"),
    "F2": ("training_activities", "awareness_campaigns", "protocol_development", "stakeholder_reach"),
    "F3": ("uneven_buy_in", "staff_turnover", "scarce_resources", "implemented_as_designed"),
    "F4": ("relationship_building",),
    "F5": ("covid_virtual_shift", "covid_disruption"),
    "F6": ("tip_office_flexibility", "adaptive_management"),
    "F7": ("victim_centred_investigation", "specialised_justice_units", "prosecutions_convictions", "judicial_capacity"),
    "F8": ("victim_identification_referral", "specialised_protection_services", "mental_health_reintegration"),
    "F9": ("issue_visibility",),
    "F10": ("inter_institutional_coordination", "roles_clarity"),
    "F11": ("institutional_policy_gaps", "coordination_gaps", "training_gaps", "prevention_neglected", "protection_service_gaps", "data_gaps"),
    "F12": ("lima_concentration", "rural_service_gaps", "territorial_gaps"),
    "F13": ("justice_skills_contribution",),
    "F14": ("specialised_justice_units", "specialised_protection_services"),
    "F15": ("public_sensitivity_change", "community_prevention"),
    "F16": ("multisectoral_commission", "regional_commissions"),
    "F17": ("protocol_standardisation", "national_policy_2030"),
    "F18": ("collaborative_approach", "sustainability_ownership", "adaptive_management"),
    "F19": ("staffing_funding_gaps",),
    "F20": ("poverty", "social_norms"),
    "F21": ("political_instability", "venezuelan_migration"),
}
LOIS = {"implementation", "capacity", "partnership_contribution", "context"}
FINDING_LOI = {
    **{f"F{n}": "implementation" for n in range(1, 7)},
    **{f"F{n}": "capacity" for n in range(7, 13)},
    **{f"F{n}": "partnership_contribution" for n in range(13, 20)},
    "F20": "context",
    "F21": "context",
}


def expected_finding(codes: list[str]) -> tuple[str, str]:
    """The README's rule: the lowest-numbered finding whose evidence holds the main code,
    else the next code's; loi is that finding's line of inquiry, else the main code's."""
    for code in codes:
        for finding in sorted(FINDING_CODES, key=lambda f: int(f[1:])):
            if code in FINDING_CODES[finding]:
                return finding, FINDING_LOI[finding]
    return "", CODE_LOI.get(codes[0], "") if codes else ""


def check_ids(folder: str, row: dict) -> int:
    problems = 0
    codes = [c for c in row["codes"].split(";") if c]
    for code in codes:
        if code not in CODE_LOI:
            print(f"{folder}/gold.csv: {row['segment']}: unknown code {code}")
            problems += 1
    finding = row["finding"]
    if finding and finding not in FINDING_CODES:
        print(f"{folder}/gold.csv: {row['segment']}: unknown finding {finding}")
        problems += 1
    elif finding and not set(codes) & set(FINDING_CODES[finding]):
        print(f"{folder}/gold.csv: {row['segment']}: no code is evidence of {finding}")
        problems += 1
    if row["loi"] and row["loi"] not in LOIS:
        print(f"{folder}/gold.csv: {row['segment']}: unknown loi {row['loi']}")
        problems += 1
    if all(code in CODE_LOI for code in codes) and (finding, row["loi"]) != expected_finding(codes):
        print(f"{folder}/gold.csv: {row['segment']}: finding/loi should be {expected_finding(codes)}")
        problems += 1
    if len(row["text"]) > 60:
        print(f"{folder}/gold.csv: {row['segment']}: text longer than 60 characters")
        problems += 1
    return problems


def kiicode() -> str:
    found = None
    for local in (REPO / ".venv" / "bin" / "kiicode", pathlib.Path("/work/main/.venv/bin/kiicode")):
        if local.exists():
            found = str(local)
            break
    found = found or shutil.which("kiicode")
    if not found:
        sys.exit("kiicode not found: run `make` in the repository first")
    return found


def transcript_ids(folder: pathlib.Path) -> list[str]:
    ids = {path.stem for path in folder.glob("KII-*.md")}
    roster = folder / "respondents.csv"
    if roster.exists():
        with open(roster, encoding="utf-8", newline="") as handle:
            ids.update(row["transcript_id"] for row in csv.DictReader(handle))
    return sorted(ids)


def segments(cli: str, store: str, transcript_id: str) -> dict[str, str]:
    out = subprocess.run(
        [cli, "show", transcript_id, "--store", store, "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rows = json.loads(out[out.index("[") : out.rindex("]") + 1])
    return {row["segment"]: row["text"] for row in rows if row["segment"]}


def check_folder(cli: str, folder: pathlib.Path) -> int:
    problems = 0
    with tempfile.TemporaryDirectory() as tmp:
        store = str(pathlib.Path(tmp) / "check.sqlite")
        subprocess.run(
            [cli, "ingest", str(folder), "--store", store], check=True, capture_output=True
        )
        with open(folder / "gold.csv", encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != ["segment", "codes", "finding", "loi", "text"]:
                print(f"{folder.name}/gold.csv: columns {reader.fieldnames}")
                problems += 1
            gold = list(reader)
        ids = transcript_ids(folder)
        actual: dict[str, str] = {}
        for transcript_id in ids:
            actual.update(segments(cli, store, transcript_id))
        seen: set[str] = set()
        for row in gold:
            if row["segment"] in seen:
                print(f"{folder.name}/gold.csv: {row['segment']} has two rows")
                problems += 1
            seen.add(row["segment"])
            text = actual.get(row["segment"])
            if text is None:
                print(f"{folder.name}/gold.csv: {row['segment']} is no segment")
                problems += 1
            elif text[:60] != row["text"]:
                print(f"{folder.name}/gold.csv: {row['segment']} text differs: {text[:60]!r}")
                problems += 1
            problems += check_ids(folder.name, row)
            if bool(row["codes"]) != bool(row["loi"]):
                print(f"{folder.name}/gold.csv: {row['segment']}: codes and loi: both or neither")
                problems += 1
        for segment in sorted(set(actual) - seen):
            print(f"{folder.name}/gold.csv: segment {segment} has no gold row")
            problems += 1
        counts = f"{len(gold)} gold rows, {len(actual)} segments, {len(ids)} transcripts"
        print(f"{folder.name}: {counts}")
    return problems


def main() -> int:
    cli = kiicode()
    problems = check_folder(cli, HERE) + check_folder(cli, HERE / "prose13")
    print("OK" if not problems else f"{problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
