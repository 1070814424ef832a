"""`shiryo doctor`: check the run store under `out/` for what crashes, kills, copy tools and
failed runs leave behind, and repair what can be repaired without losing data.

Found (and with `repair`, fixed):
  latest      missing, dangling or naming a damaged run (relinked to the newest sound run);
              a real directory (moved aside, runstore.RunStore.set_aside_latest_dir)
  runs        a manifest that does not parse (moved to runs/.damaged-<id>); a document's records
              missing or damaged (reported: the next run extracts it again)
  editions    an index that does not parse or lags behind the runs (rebuilt from the manifests);
              an edition whose bytes are not in the store (reported)
  store       a PDF whose bytes no longer match its sha256 name (removed: the next run copies or
              downloads it again); PDFs no edition, run or URL refers to (swept)
  leftovers   temp dirs of dead runs, `.part-*`, `.keep-*`, `.download-*` and `.latest-*` partials
Partials and unreferenced PDFs younger than `min_age` seconds are left alone: a live run may
be writing them.
"""
from __future__ import annotations

import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from shiryo.pipeline.editions import EditionIndex, _manifests
from shiryo.pipeline.runstore import LINK_PREFIX, TMP_PREFIX, RunStore, _owner_alive, read_jsonl_checked, sha256_file

STALE_SECONDS = 600.0
DAMAGED_PREFIX = ".damaged-"


@dataclass
class Finding:
    kind: str
    path: str
    message: str
    repaired: bool = False

    def line(self) -> str:
        return f"{'repaired' if self.repaired else 'found'}: {self.kind}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


def _old(path: Path, min_age: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime >= min_age
    except OSError:
        return False


class Doctor:
    def __init__(self, out: str | Path, repair: bool = False, min_age: float = STALE_SECONDS):
        self.store = RunStore(out)
        self.root = self.store.root
        self.editions = EditionIndex(out)
        self.repair = repair
        self.min_age = min_age
        self.findings: list[Finding] = []

    def _found(self, kind: str, path: Path, message: str, fix=None) -> None:
        finding = Finding(kind, str(path), message)
        if self.repair and fix is not None:
            fix()
            finding.repaired = True
        self.findings.append(finding)

    def run(self) -> list[Finding]:
        self.check_leftovers()
        self.check_latest_dir()
        self.check_runs()
        self.check_latest()
        self.check_editions()
        self.check_store()
        return self.findings

    def check_leftovers(self) -> None:
        live = False
        if self.store.runs.is_dir():
            for p in sorted(self.store.runs.iterdir()):
                if p.name.startswith(TMP_PREFIX):
                    if _owner_alive(p):
                        live = True
                    else:
                        self._found("stale_temp", p, f"{p}: temp dir of a run that died", lambda p=p: shutil.rmtree(p, ignore_errors=True))
        self.live_run = live
        patterns = [(self.root, LINK_PREFIX + "*"), (self.root / "store", ".keep-*"), (self.root / "store", ".download-*")]
        patterns += [(d, "*.part-*") for d in (self.root / "store", self.root / "editions")]
        patterns += [(r, "*.part-*") for r in self.store.complete_runs()]
        for folder, pattern in patterns:
            for p in sorted(folder.glob(pattern)) if folder.is_dir() else []:
                if _old(p, self.min_age):
                    self._found("partial", p, f"{p}: partial file left by a run that died", lambda p=p: p.unlink(missing_ok=True))

    def check_latest_dir(self) -> None:
        link = self.store.latest_link
        if link.is_dir() and not link.is_symlink():
            self._found("latest_dir", link, f"{link} is a directory, not a link (a copy tool?): moved aside", self.store.set_aside_latest_dir)

    def check_runs(self) -> None:
        for run in self.store.complete_runs():
            manifest = self.store.read_manifest(run)
            if manifest is None:
                home = run.parent / f"{DAMAGED_PREFIX}{run.name}"
                self._found("damaged_manifest", run / "manifest.json", f"{run / 'manifest.json'} does not parse: run set aside as {home.name}", lambda run=run, home=home: os.rename(run, home))
                continue
            for doc, entry in manifest["documents"].items():
                if isinstance(entry, dict) and entry.get("status") == "ok":
                    _, problem = read_jsonl_checked(run / f"{doc}.jsonl", entry.get("n_records"))
                    if problem:
                        self._found("damaged_records", run / f"{doc}.jsonl", f"{problem}: the next run extracts {doc} again")
            for name in ("errors.jsonl", "diff.jsonl"):
                _, problem = read_jsonl_checked(run / name)
                if problem:
                    self._found("damaged_run_file", run / name, problem)

    def check_latest(self) -> None:
        link = self.store.latest_link
        runs = self.store.valid_runs()
        newest = runs[-1] if runs else None
        if link.is_symlink():
            target = link.resolve()
            if (target / "manifest.json").is_file() and self.store.read_manifest(target) is not None:
                return
            what = f"{link} -> {os.readlink(link)} names no sound run"
        elif os.path.lexists(link) or newest is None:
            return
        else:
            what = f"{link} is missing"
        relink = None
        if newest is not None:
            what += f": relinked to {newest.name}"

            def relink() -> None:
                tmp = self.root / f"{LINK_PREFIX}doctor"
                tmp.unlink(missing_ok=True)
                os.symlink(Path("runs") / newest.name, tmp)
                os.replace(tmp, link)
        elif link.is_symlink():
            what += ": removed (no sound run left)"
            relink = lambda: link.unlink()  # noqa: E731
        self._found("dangling_latest", link, what, relink)

    def check_editions(self) -> None:
        manifests = _manifests(self.store)
        docs = {p.stem for p in self.editions.dir.glob("*.json")} if self.editions.dir.is_dir() else set()
        for doc in sorted(docs):
            try:
                index, damage = self.editions._read(doc)
            except ValueError:
                continue  # a file name that is no valid id: not ours
            fixed = self.editions.rebuild(doc, manifests, None if damage else {**index, "editions": list(index["editions"])})
            if damage:
                self._found("editions_damaged", self.editions._path(doc), f"{damage}: rebuilt from the runs' manifests", lambda fixed=fixed: self.editions._save(fixed))
            elif len(fixed["editions"]) != len(index["editions"]) or fixed["latest_run"] != index.get("latest_run"):
                self._found("editions_lag", self.editions._path(doc), f"{self.editions._path(doc)}: behind the runs: completed from their manifests", lambda fixed=fixed: self.editions._save(fixed))
            for edition in fixed["editions"]:
                if not self.editions.pdf(edition["sha256"]).is_file():
                    self._found("edition_pdf_missing", self.editions.pdf(edition["sha256"]), f"{doc} edition {edition['n']}: {self.editions.pdf(edition['sha256'])} is not in the store")

    def check_store(self) -> None:
        store = self.editions.store
        if not store.is_dir():
            return
        referenced = set()
        for _, manifest in _manifests(self.store):
            referenced.update(v for v in (manifest.get("versions") or {}).values() if v)
        for p in self.editions.dir.glob("*.json") if self.editions.dir.is_dir() else []:
            index, damage = self.editions._read(p.stem) if not p.stem.startswith(".") else ({"editions": []}, None)
            referenced.update(e["sha256"] for e in index["editions"])
        from shiryo.pipeline.sources import _load_validators

        referenced.update(v.get("sha256") for v in _load_validators(store).values() if isinstance(v, dict))
        for pdf in sorted(store.glob("*.pdf")):
            if pdf.stem not in referenced:
                if _old(pdf, self.min_age) and not self.live_run:
                    self._found("unreferenced_pdf", pdf, f"{pdf}: no edition, run or URL refers to it: swept", lambda pdf=pdf: pdf.unlink(missing_ok=True))
            elif sha256_file(pdf) != pdf.stem:
                self._found("store_damaged", pdf, f"{pdf}: bytes do not match their sha256 name: removed (the next run copies or downloads them again)", lambda pdf=pdf: pdf.unlink(missing_ok=True))


def doctor(out: str | Path, repair: bool = False, min_age: float = STALE_SECONDS) -> list[Finding]:
    """The findings on `out/` (each repaired when `repair` and it can be)."""
    return Doctor(out, repair=repair, min_age=min_age).run()
