"""The verifier child's sandbox: user code may write only inside its temporary directory and
cannot reach the network, enforced by the kernel where it allows that without root.

Two mechanisms, each used when this machine offers it (`level()` says which held):

* **Linux namespaces** (`unshare --user --map-root-user --net --pid --fork --kill-child`, run
  by the parent around the child): a network namespace with no interface but a downed
  loopback — no connection leaves — and a PID namespace, so that every process the user's
  code spawns dies with the child (nothing is left running).
* **Landlock** (applied by the child to itself, before TensorFlow is imported, through the
  three `landlock_*` system calls via ctypes; no dependency): creating, writing, truncating,
  renaming or removing files is allowed beneath the temporary directory and on /dev/null
  only; reading and executing stay allowed everywhere (TensorFlow reads its own files, /proc,
  /sys). From Landlock ABI 4, TCP bind/connect is denied; from ABI 6, signals to processes
  outside the sandbox (the parent, the user's shell) are too. The restriction is inherited by
  every process the code spawns and cannot be lifted.

Where neither is available, `level().enforced` is False and the runner refuses slices that
name absolute paths (`absolute_paths`), saying why, rather than run them unconfined.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import platform
import shutil
import subprocess
from dataclasses import dataclass

# <linux/landlock.h>
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_FS = {name: 1 << bit for bit, name in enumerate((
    "EXECUTE", "WRITE_FILE", "READ_FILE", "READ_DIR", "REMOVE_DIR", "REMOVE_FILE", "MAKE_CHAR",
    "MAKE_DIR", "MAKE_REG", "MAKE_SOCK", "MAKE_FIFO", "MAKE_BLOCK", "MAKE_SYM", "REFER",
    "TRUNCATE", "IOCTL_DEV"))}
_NET_BIND_TCP, _NET_CONNECT_TCP = 1, 2
_SCOPE_ABSTRACT_UNIX_SOCKET, _SCOPE_SIGNAL = 1, 2
_SYSCALLS = {"x86_64": (444, 445, 446), "aarch64": (444, 445, 446)}  # create, add_rule, restrict
_PR_SET_NO_NEW_PRIVS = 38

# What "writing" means to Landlock: every right that changes the file system, by ABI.
_WRITE_RIGHTS = {1: ("WRITE_FILE", "REMOVE_DIR", "REMOVE_FILE", "MAKE_CHAR", "MAKE_DIR",
                     "MAKE_REG", "MAKE_SOCK", "MAKE_FIFO", "MAKE_BLOCK", "MAKE_SYM"),
                 2: ("REFER",), 3: ("TRUNCATE",)}
_FILE_RIGHTS = ("WRITE_FILE", "TRUNCATE")  # the rights a rule on a single file may grant

FAKE_NONE_ENV = "KERASLINT_FAKE_NO_SANDBOX"  # tests only: behave as if neither were available
UNSHARE = ("--user", "--map-root-user", "--net", "--pid", "--fork", "--kill-child")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


@dataclass(frozen=True)
class Level:
    """What confines the child's user code, as the verdict's evidence states it."""

    landlock_abi: int  # 0: no Landlock
    namespaces: bool  # network + PID namespaces

    @property
    def enforced(self) -> bool:
        return self.landlock_abi > 0

    def describe(self) -> str:
        if not self.enforced and not self.namespaces:
            return ("not sandboxed: this system offers neither Landlock nor user namespaces; "
                    "slices that name absolute paths are not run")
        parts = []
        if self.landlock_abi:
            parts.append(f"Landlock ABI {self.landlock_abi}: writes only in a temporary directory"
                         + (", no TCP" if self.landlock_abi >= 4 else ""))
        if self.namespaces:
            parts.append("no network, spawned processes end with it (namespaces)")
        elif self.landlock_abi < 4:
            parts.append("network not blocked")
        return "sandboxed: " + "; ".join(parts)


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def landlock_abi() -> int:
    """The Landlock ABI version the kernel offers (0: none, or not Linux on x86_64/aarch64)."""
    numbers = _SYSCALLS.get(platform.machine())
    if platform.system() != "Linux" or numbers is None:
        return 0
    try:
        version = _libc().syscall(numbers[0], None, ctypes.c_size_t(0),
                                  ctypes.c_uint32(_CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0
    return max(0, version)


def namespaces_available() -> bool:
    """Can this user run a command in new user, network and PID namespaces? (~5 ms to ask)"""
    return not os.environ.get(FAKE_NONE_ENV) and _can_unshare()


@functools.lru_cache(maxsize=1)
def _can_unshare() -> bool:
    unshare = shutil.which("unshare")
    if platform.system() != "Linux" or unshare is None:
        return False
    try:
        return subprocess.run([unshare, *UNSHARE, "true"], capture_output=True,
                              timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def wrap(command: list[str]) -> list[str]:
    """The child's command line inside new namespaces, where available."""
    if not namespaces_available():
        return command
    return [shutil.which("unshare") or "unshare", *UNSHARE, *command]


def in_namespaces() -> bool:
    """Is this process in the sandbox's PID namespace? (It is PID 1 there.)"""
    return os.getpid() == 1


def confine(writable: str) -> int:
    """Restrict this process (and all it will spawn) to writing beneath `writable` and to
    /dev/null; returns the Landlock ABI applied (0: Landlock unavailable, nothing done)."""
    abi = landlock_abi()
    if abi <= 0:
        return 0
    create, add_rule, restrict = _SYSCALLS[platform.machine()]
    libc = _libc()
    write = 0
    for version, names in _WRITE_RIGHTS.items():
        if abi >= version:
            write |= sum(_FS[n] for n in names)
    attr = _RulesetAttr(write, _NET_BIND_TCP | _NET_CONNECT_TCP if abi >= 4 else 0,
                        _SCOPE_ABSTRACT_UNIX_SOCKET | _SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24  # the struct grew with the ABI
    ruleset = libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), f"landlock_create_ruleset: {os.strerror(ctypes.get_errno())}")
    try:
        _allow(libc, add_rule, ruleset, writable, write)
        file_rights = write & sum(_FS[n] for n in _FILE_RIGHTS)
        _allow(libc, add_rule, ruleset, os.devnull, file_rights)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        if libc.syscall(restrict, ruleset, ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_restrict_self: "
                                              f"{os.strerror(ctypes.get_errno())}")
    finally:
        os.close(ruleset)
    return abi


def _allow(libc, add_rule: int, ruleset: int, path: str, rights: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneathAttr(rights, fd)
        if libc.syscall(add_rule, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule),
                        ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule({path}): "
                                              f"{os.strerror(ctypes.get_errno())}")
    finally:
        os.close(fd)


def absolute_paths(program: str) -> list[str]:
    """String literals in a program that name absolute paths or file:// URLs: what an
    unconfined slice could write outside its directory. A coarse check, used only where the
    kernel cannot confine the child: paths built at run time escape it."""
    import re

    found = re.findall(r"""(?:[rRbBuUfF]{0,2})(['"])((?:file://)?/[^'"\n]*|~[^'"\n]*)\1""", program)
    return sorted({text for _, text in found})

