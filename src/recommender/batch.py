"""``recommend batch``: plan every profile in a folder, one output file each.

Profiles are planned in name order.  A profile that cannot be planned (bad
input, no safe plan, a screening refusal) is reported as one line and
skipped; the others are still planned.  A plan whose every session is
over is written, with a warning line.  With ``--jobs N`` the work is split
into chunks over N worker processes, each building its engine once.

Each plan is written to a file in a hidden staging folder of the run inside
the output folder (``.recommend-batch-<run>.tmp/<process id>/``), then
renamed into place, so a reader never sees half a plan.  One subfolder per
process because a file system creates the files of one folder one at a time:
workers creating theirs side by side in the output folder waited for each
other.  The run's staging folder is removed when the run ends, and one
left by a run killed outright is removed by the next run into that folder
(see :func:`remove_abandoned`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from .errors import InputError, NoSafePlanError, OutputError, RecommenderError, ScreeningRefusal, one_line

if TYPE_CHECKING:
    # Only for annotations: `recommend --help` imports this module for its
    # arguments and should stay as quick as the rest of the help.
    import datetime

    from .engine import Engine

__all__ = ["ABANDONED_AFTER_SECONDS", "add_arguments", "answers_refusal", "plan_folder", "plan_name", "remove_abandoned", "run"]

#: One result per profile: its path, the error line (None when planned) and
#: a warning about the plan written (None when there is nothing to say).
Result = tuple[str, str | None, str | None]


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The ``batch`` subcommand's own arguments."""
    p.add_argument("profiles", metavar="PROFILES_DIR", help="folder of profile files (*.toml)")
    p.add_argument("--out", "-o", metavar="PLANS_DIR", required=True, help="folder for the plans (created if missing); one file per profile")
    # No default here: a --format given before `batch` is kept (see run).
    p.add_argument("--format", "-f", default=argparse.SUPPRESS, help="output format of every plan (default: text)")
    p.add_argument("--jobs", "-j", metavar="N", type=int, default=1, help="worker processes (default 1; 0 = one per core)")
    p.add_argument("--today", metavar="DATE", default=argparse.SUPPRESS,
                   help="plan as on DATE (default: today): profiles without a start begin the Monday after it")


_STAGING_PREFIX, _STAGING_SUFFIX = ".recommend-batch-", ".tmp"
#: A staging folder unchanged this long, of a process gone, was left by a killed run.
ABANDONED_AFTER_SECONDS = 600


def plan_name(profile: str, suffix: str) -> str:
    """The file name of the plan for the profile file ``profile``: its stem and the format's ``suffix``."""
    return os.path.splitext(os.path.basename(profile))[0] + suffix


def _staging_root(out_dir: str, run: str) -> str:
    return os.path.join(out_dir, f"{_STAGING_PREFIX}{run}{_STAGING_SUFFIX}")


def _host() -> str:
    """This machine and process-id namespace, as a run's name gives it.

    A run tells the folders of processes it can probe from those of a
    machine sharing the output folder, or of a container sharing the host
    name, whose process ids mean nothing here.  On Linux the boot and the
    process-id namespace are part of it (containers and cloned machines
    may share a host name); elsewhere the host name alone.
    """
    import re

    name = re.sub(r"[^A-Za-z0-9.]", "_", os.uname().nodename) or "host"
    try:
        with open("/proc/sys/kernel/random/boot_id", encoding="ascii") as fh:
            boot = fh.read().strip()
        space = os.readlink("/proc/self/ns/pid")
    except (OSError, ValueError):
        return name
    import hashlib

    return f"{name}.{hashlib.sha256(f'{boot} {space}'.encode()).hexdigest()[:12]}"


def _run_id() -> str:
    """Unique to this run: host, process id and a random part."""
    host = _host() if hasattr(os, "uname") else "host"
    return f"{host}-{os.getpid()}-{os.urandom(4).hex()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):  # another user's process, or no such pid
        return True
    return True


def remove_abandoned(out_dir: str, *, now: float | None = None) -> list[str]:
    """Remove the staging folders in ``out_dir`` that runs killed outright
    (SIGKILL, out of memory) left behind; return their paths.

    Only a folder of this host whose process is gone and which has not
    changed for :data:`ABANDONED_AFTER_SECONDS` is removed: a live run's
    folder, one of another machine, or one of an older version is left alone.
    POSIX only (elsewhere a process cannot be probed safely).
    """
    if os.name != "posix":
        return []
    import shutil
    import time

    host = _host()
    cutoff = (time.time() if now is None else now) - ABANDONED_AFTER_SECONDS
    removed = []
    try:
        entries = [e.name for e in os.scandir(out_dir) if e.name.startswith(_STAGING_PREFIX) and e.name.endswith(_STAGING_SUFFIX)]
    except OSError:
        return []
    for name in sorted(entries):
        parts = name[len(_STAGING_PREFIX) : -len(_STAGING_SUFFIX)].rsplit("-", 2)
        pid = parts[1] if len(parts) == 3 and parts[0] == host else ""
        if not (pid.isascii() and pid.isdigit() and len(pid) <= 10) or _alive(int(pid)):
            continue
        path = os.path.join(out_dir, name)
        try:
            newest = max(os.stat(os.path.join(folder, f)).st_mtime for folder, dirs, files in os.walk(path) for f in (".", *files))
        except (OSError, ValueError):
            continue
        if newest < cutoff:
            shutil.rmtree(path, ignore_errors=True)
            if not os.path.exists(path):
                removed.append(path)
    return removed


def answers_refusal(engine: Engine, text: str) -> str | None:
    """Why the answers in ``text``, a profile that does not validate, say
    not to start (see :func:`~recommender.profile.readable_part`), or None."""
    from .profile import readable_part

    try:
        partial = readable_part(text)
        refusals = engine.prescribe(partial).refusals if partial is not None else ()
    except RecommenderError:
        return None
    return refusals[0][1] if refusals else None


class _Planner:
    """Plans profiles with one engine and writes each plan next to the others."""

    def __init__(self, engine: Engine, fmt: str, out_dir: str, suffix: str, today: datetime.date, run: str) -> None:
        self.engine = engine
        self.fmt = fmt
        self.out_dir = out_dir
        self.suffix = suffix
        self.today = today
        self.run = run
        self._staging: tuple[int, str] | None = None  # (process id, folder)

    def staging(self) -> str:
        """This process's staging folder, made on first use (a forked
        worker makes its own)."""
        pid = os.getpid()
        if self._staging is None or self._staging[0] != pid:
            folder = os.path.join(_staging_root(self.out_dir, self.run), str(pid))
            os.makedirs(folder, exist_ok=True)
            self._staging = (pid, folder)
        return self._staging[1]

    def plan_one(self, path: str) -> tuple[str | None, str | None]:
        """Plan one profile and write its plan: (error line, None) when it
        was not planned, else (None, a warning line or None)."""
        from pathlib import Path

        from .cli import past_plan_warning
        from .errors import ProfileError
        from .limits import read_text_limited
        from .profile import profile_from_toml

        name = plan_name(path, self.suffix)
        given = None
        try:
            given = read_text_limited(Path(path), ProfileError)
            profile = profile_from_toml(given, source=path)
            plan = self.engine.recommend(profile, today=self.today)
            text = self.engine.render(plan, self.fmt, profile=profile)
            self.write(name, text)
        except OutputError as exc:
            line = exc.line()
        except ScreeningRefusal as exc:
            line = exc.line() + self._removed(name)
        except ProfileError as exc:
            # A profile with a mistake may still answer that the person
            # must not start (chest pain, say): then the earlier plan goes,
            # as for a valid profile refused by screening.
            refusal = answers_refusal(self.engine, given) if given is not None else None
            if refusal is None:
                line = exc.line() + self._kept(name)
            else:
                line = f"{exc.line()}; even so, its screening answers say: {refusal}" + self._removed(name)
        except NoSafePlanError as exc:
            line = exc.line() + self._kept(name, " and may not suit this profile now")
        except RecommenderError as exc:
            line = exc.line() + self._kept(name)
        except Exception as exc:  # one profile's unexpected failure must not stop the others
            return one_line(f"{path}: internal error: {type(exc).__name__}: {exc}" + self._kept(name)), None
        else:
            warning = past_plan_warning(plan, profile.start, self.today)
            return None, (None if warning is None else f"{one_line(path)}: {warning}")
        # Errors show file names escaped (a name may hold a line break).
        shown = one_line(path)
        return one_line(line if line.startswith(shown) else f"{shown}: {line}"), None

    def _earlier_plan(self, name: str) -> str | None:
        # A plan this command wrote is a regular file (a rename never leaves
        # a link); a folder or link at its name is the person's own.
        target = os.path.join(self.out_dir, name)
        return target if os.path.isfile(target) and not os.path.islink(target) else None

    def _kept(self, name: str, why: str = "") -> str:
        # The profile could not be read, or no safe plan fits it (which the
        # run's rules or packs may cause as much as the profile): a plan
        # from an earlier run may be what someone relies on until that is
        # mended, so it stays, and the line says it is there.
        target = self._earlier_plan(name)
        return f" (the plan from an earlier run, {target}, is left as it was{why})" if target else ""

    def _removed(self, name: str) -> str:
        # Screening refuses the profile now: the person's answers say not to
        # start, so a training plan made before them must not be used.
        target = self._earlier_plan(name)
        if target is None:
            return ""
        try:
            os.unlink(target)
        except OSError as exc:
            return f" (the plan from an earlier run, {target}, could not be removed: {exc.strerror or exc}; do not use it)"
        return f" (the plan from an earlier run, {target}, is removed: the profile's answers now say not to start)"

    def write(self, name: str, text: str) -> None:
        """Write one plan atomically: a file in the staging folder, then a
        rename into the output folder, so a reader never sees half a plan."""
        import stat

        target = os.path.join(self.out_dir, name)
        data = text.encode("utf-8")
        tmp = ""
        try:
            try:
                st: os.stat_result | None = os.lstat(target)
            except FileNotFoundError:
                st = None
            if st is not None and not stat.S_ISREG(st.st_mode):
                # A link or folder at the plan's name is the person's own.
                what = "a link" if stat.S_ISLNK(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
                raise OutputError(f"is {what}, which is left as it is", file=target, expected="no file, or a plan file, at the plan's name")
            tmp = os.path.join(self.staging(), name)
            # Plain descriptor writes: a text file object's layers cost more
            # than writing a plan of a few kilobytes.
            try:
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            except FileNotFoundError:
                # The staging folder went away under the run (someone
                # cleaned the output folder): make it again, once.
                self._staging = None
                tmp = os.path.join(self.staging(), name)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                if st is not None:
                    # A plan replaced keeps its permissions (one made private stays private).
                    os.fchmod(fd, stat.S_IMODE(st.st_mode))
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except OSError as exc:
            if tmp:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
            raise OutputError(f"cannot write: {exc.strerror or exc}", file=target, expected="a writable file") from None

    def plan_chunk(self, paths: Sequence[str]) -> list[Result]:
        return [(p, *self.plan_one(p)) for p in paths]


# A process pool hands state to its tasks only through the worker's module:
# the initializer stores the worker's planner here, once per process.
_worker: list[_Planner] = []


class Stopped(KeyboardInterrupt):
    """The run was asked to stop by a signal (SIGTERM, SIGHUP): raised in
    the main process like Ctrl-C, so the same clean-up runs."""

    def __init__(self, signum: int, name: str) -> None:
        super().__init__(name)
        self.signum = signum
        self.name = name


def _stop_signal_numbers() -> list[int]:
    import signal

    # Windows has no SIGHUP.
    return [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]


class _StopSignals:
    """Records SIGTERM and SIGHUP while a run is going, for the run to stop
    at the end of the current chunk.

    The handler only records: a handler that raised could raise inside code
    that swallows exceptions (a fork handler of the logging module did), or
    in the middle of the clean-up.  A signal ignored when the run starts
    (``nohup``) stays ignored, here and in the workers.
    """

    def __init__(self) -> None:
        import signal

        self.received: tuple[int, str] | None = None
        self._acted = False
        self._previous: list[tuple[int, Any]] = []
        for signum in _stop_signal_numbers():
            try:
                if signal.getsignal(signum) is signal.SIG_IGN:
                    continue
                self._previous.append((signum, signal.signal(signum, self._record)))
            except ValueError:  # not the main thread: the caller handles signals
                break

    def _record(self, signum: int, _frame: object) -> None:
        import signal

        if self.received is None:
            self.received = (signum, signal.Signals(signum).name)

    def check(self) -> None:
        """Raise :class:`Stopped` if a signal asked the run to stop."""
        if self.received is not None:
            self._acted = True
            raise Stopped(*self.received)

    def restore(self) -> None:
        """Put the handlers back; a signal that came too late to stop the
        run is passed on to them, so it is not lost."""
        import signal

        for signum, handler in self._previous:
            signal.signal(signum, handler)
        if self.received is not None and not self._acted:
            self._acted = True
            signal.raise_signal(self.received[0])


def _blocked_stop_signals() -> contextlib.AbstractContextManager[None]:
    """A context in which SIGTERM and SIGHUP wait, so a worker forked inside
    it starts with them pending rather than handled by the main process's
    handler (see _init_worker); a no-op where signals cannot be blocked."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def blocked() -> Iterator[None]:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _stop_signal_numbers())
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    return blocked()


def _init_worker(engine: Engine | None, engine_kwargs: dict[str, Any], fmt: str, out_dir: str, suffix: str, today: datetime.date,
                 run: str) -> None:
    # A forked worker inherits the main process's handlers, with these
    # signals blocked (see plan_folder); the worker should simply end on
    # them, unless they were ignored, and leave the clean-up to the main
    # process.  A signal that came while blocked ends it here.
    import signal

    for signum in _stop_signal_numbers():
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _stop_signal_numbers())
    if engine is None:
        from .engine import Engine

        engine = Engine(**engine_kwargs)
    _worker[:] = [_Planner(engine, fmt, out_dir, suffix, today, run)]


def _run_chunk(paths: Sequence[str]) -> list[Result]:
    return _worker[0].plan_chunk(paths)


def _chunks(items: Sequence[str], jobs: int) -> list[Sequence[str]]:
    # Small enough chunks to balance the workers and move the progress bar,
    # large enough that the cost of sending them stays negligible.
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _fork_context() -> Any:
    """The fork start method where it is safe and the default on this
    platform's Pythons (Linux), else None."""
    import multiprocessing

    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


def plan_folder(
    engine: Engine,
    engine_kwargs: dict[str, Any],
    profiles: Sequence[str],
    out_dir: str,
    fmt: str,
    jobs: int,
    today: datetime.date,
) -> Iterator[list[Result]]:
    """Plan ``profiles`` into ``out_dir``; yield results chunk by chunk, in
    profile order.  ``engine_kwargs`` rebuild the engine in worker processes
    that cannot inherit it."""
    # Unique to this run, so a run never touches another's staging folders.
    run = _run_id()
    try:
        suffix = engine.formats[fmt].suffix
        planner = _Planner(engine, fmt, out_dir, suffix, today, run)
        if jobs == 1 or len(profiles) < 2:
            for chunk in _chunks(profiles, 1):
                yield planner.plan_chunk(chunk)
            return
        from concurrent.futures import ProcessPoolExecutor

        context = _fork_context()
        if context is not None:
            # Forked workers inherit this engine instead of building their own.
            # Planning the first profile here first warms it (lazy imports,
            # format and ranking caches), so no worker repeats that work.
            yield planner.plan_chunk(profiles[:1])
            profiles = profiles[1:]
        inherited = engine if context is not None else None
        chunks = _chunks(profiles, jobs)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                                 initializer=_init_worker, initargs=(inherited, engine_kwargs, fmt, out_dir, suffix, today, run)) as pool:
            # The workers are forked on the first submit.
            with _blocked_stop_signals():
                futures = [pool.submit(_run_chunk, c) for c in chunks]
            try:
                for future in futures:
                    yield future.result()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        import shutil

        # Empty unless a write failed half-way; only this run's folder.
        shutil.rmtree(_staging_root(out_dir, run), ignore_errors=True)


class _Progress:
    """A one-line progress bar on a terminal; silent otherwise."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.on = stream.isatty()
        self.last = 0.0

    def show(self, done: int, *, force: bool = False) -> None:
        import time

        now = time.monotonic()
        if not self.on or (not force and now - self.last < 0.1):
            return
        self.last = now
        width = 30
        filled = width * done // max(self.total, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{self.total}")
        self.stream.flush()

    def clear(self) -> None:
        if self.on:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _folder_profiles(folder: str) -> list[str]:
    from pathlib import Path

    path = Path(folder)
    if not path.exists():
        raise InputError("folder not found", file=folder, expected="a folder of profile files (*.toml)")
    if not path.is_dir():
        raise InputError("is not a folder", file=folder, expected="a folder of profile files (*.toml)")
    # A link leading nowhere is a profile the person meant to plan (its
    # file moved): it is reported like any unreadable profile, not dropped
    # unseen.  Hidden ones are left out: editors keep such links as locks
    # (".#me.toml") while a file is open.
    found = sorted(str(p) for p in path.glob("*.toml")
                   if p.is_file() or (p.is_symlink() and not p.exists() and not p.name.startswith(".")))
    if not found:
        raise InputError("no profiles (*.toml) in this folder", file=folder, expected="a folder of profile files (*.toml)")
    return found


def _refuse_case_twins(profiles: Sequence[str], suffix: str) -> None:
    # Plans named alike but for case are one file on many disks (macOS,
    # Windows, and any folder synced to them): one profile's plan would
    # replace the other's.
    seen: dict[str, str] = {}
    for path in profiles:
        name = plan_name(path, suffix)
        twin = seen.setdefault(name.casefold(), path)
        if twin != path:
            raise InputError(f"{twin} and {path} would write plans named alike but for case ({name}), one file on many disks",
                             file=os.path.dirname(path) or ".", key_path="PROFILES_DIR",
                             expected="profile names that differ in more than case")


def _out_folder(folder: str) -> str:
    from pathlib import Path

    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise InputError("exists and is not a folder", file=folder, key_path="--out", expected="a folder for the plans")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the folder: {exc.strerror}", file=folder, key_path="--out", expected="a writable folder") from None
    return folder


def _refuse_overwriting(profiles: Sequence[str], read: Sequence[str], rule_folders: Sequence[str], out_dir: str, suffix: str) -> None:
    """Raise :class:`OutputError` when a plan would replace a file the run
    reads (``profiles``, ``read``), or land as a rule file in one of
    ``rule_folders``."""
    from .cli import file_ids, refuse_rule_folder, replaced_input

    inputs = file_ids([*profiles, *read])
    for path in profiles:
        replaced = replaced_input(os.path.join(out_dir, plan_name(path, suffix)), inputs)
        if replaced is not None:
            raise OutputError(f"the plan for {path} would replace the input file {replaced}", file=out_dir, key_path="--out",
                              expected="a folder for the plans other than the profiles' or rules' folder")
    if suffix.lower() == ".toml":
        refuse_rule_folder(out_dir, out_dir, rule_folders, "--out")


def run(ns: argparse.Namespace, engine: Engine, engine_kwargs: dict[str, Any]) -> int:
    """Run ``recommend batch``; return the exit code (2 when any profile failed)."""
    from .cli import format_name, today_option

    fmt = format_name(getattr(ns, "format", "text"), engine.formats)
    if ns.jobs < 0:
        raise InputError(f"expected 0 or more, got {ns.jobs}", key_path="--jobs", expected="a number of worker processes")
    # One date for the whole batch, so profiles without a start date all
    # begin on the same Monday even if the run crosses midnight.
    today = today_option(ns)
    from .cli import given_path, input_files, rule_folders

    profiles = _folder_profiles(given_path(ns.profiles, "PROFILES_DIR", "a folder of profile files (*.toml)") or "")
    out_dir = given_path(ns.out, "--out", "a folder for the plans") or ""
    if out_dir == "-":
        # As for the plan command, '-' means standard output, which cannot
        # hold one file per profile; a folder named '-' is spelt './-'.
        raise InputError("'-' is standard output, which cannot hold one plan file per profile (./- names a folder '-')",
                         key_path="--out", expected="a folder for the plans")
    suffix = engine.formats[fmt].suffix
    _refuse_case_twins(profiles, suffix)
    # Before any folder is made or plan written: plans written over their
    # profiles (--out is the profiles folder, --format toml) or into a rules
    # folder would lose what the person had.
    _refuse_overwriting(profiles, input_files(ns), rule_folders(ns), out_dir, suffix)
    out_dir = _out_folder(out_dir)
    for path in remove_abandoned(out_dir):
        print(f"recommend: removed {path}, the staging folder of a run that was killed", file=sys.stderr)
    jobs = min(ns.jobs or os.cpu_count() or 1, len(profiles))
    progress = _Progress(len(profiles), sys.stderr)
    done = failed = 0
    progress.show(0, force=True)
    # The command runs with the cyclic collector off (see cli.main), but a
    # long batch leaves a few kilobytes of cycles per profile (the frames of
    # caught errors), so collection is back on for the run.  Everything
    # built so far (modules, classes, the engine) lives until the end: frozen,
    # it is not walked again by every full collection, which otherwise took
    # about a fifth of the run.  Forked workers inherit both settings.
    was_collecting = gc.isenabled()
    gc.freeze()
    gc.enable()
    # A run stopped by SIGTERM or SIGHUP (a service manager, a closed
    # terminal) ends after the chunk at hand and removes its staging folder,
    # as after Ctrl-C.
    signals = _StopSignals()
    try:
        for results in plan_folder(engine, engine_kwargs, profiles, out_dir, fmt, jobs, today):
            for _path, error, warning in results:
                done += 1
                if error is not None:
                    failed += 1
                    progress.clear()
                    print(f"recommend: error: {error}", file=sys.stderr)
                elif warning is not None:
                    progress.clear()
                    print(f"recommend: warning: {warning}", file=sys.stderr)
            progress.show(done, force=done == len(profiles))
            signals.check()
        signals.check()
    except Exception:
        # Workers ended by the same signal break the pool: that is the stop.
        signals.check()
        raise
    finally:
        signals.restore()
        if not was_collecting:
            gc.disable()
        gc.unfreeze()
    progress.clear()
    print(f"{done - failed} planned, {failed} failed", file=sys.stderr)
    return 2 if failed else 0
