"""Files put in place whole under their final name, in a folder held open.

On Linux a file is written unnamed (``O_TMPFILE``) and linked in once written: one directory
operation, and nothing named that a SIGKILL could leave behind; a name already taken is
``EEXIST``, never overwritten. Where unnamed files are not supported (another system, some
file systems), it is written under a temporary name, linked to its final name (``EEXIST``
again; a rename where there are no hard links), and the temporary name removed; ``settle``
removes what a killed export left under a temporary name. Either way the file is created
with the mode it keeps (``open``'s, as the umask allows): no second call to change it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from pathlib import Path

from .layout import TEMPORARY_PREFIX, TEMPORARY_SUFFIX

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_UNNAMED = getattr(os, "O_TMPFILE", 0)
UNSUPPORTED = frozenset({errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL})
"""What opening an unnamed file answers where the kernel or the filesystem cannot."""
PROC_LINK_REFUSED = frozenset({errno.EPERM, errno.EACCES, errno.EXDEV})
"""What linking a ``/proc/self/fd`` entry answers where a sandbox does not allow it."""
NO_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS, errno.EXDEV})
"""What ``link`` answers on a file system without hard links."""


class _Unsupported(Exception):
    pass


def _write_all(handle: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(handle, view) :]


class Folder:
    """A folder open for putting files in, by name relative to it."""

    def __init__(self, path: Path, mode: int, unnamed: bool = True) -> None:
        self.path, self.mode = path, mode
        self.unnamed = unnamed and bool(_UNNAMED)
        """Whether files are written unnamed and linked in (False once the system said no)."""
        # Not through a symbolic link: the files would land outside the output folder.
        self._handle = os.open(path, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)

    def holds(self, name: str) -> bool:
        """Whether anything is there under ``name`` (a link too, even a dangling one)."""
        try:
            os.stat(name, dir_fd=self._handle, follow_symlinks=False)
        except FileNotFoundError:
            return False
        return True

    def read(self, name: str) -> bytes:
        """The bytes of the regular file at ``name``; OSError for anything else (a link, a
        folder, a named pipe, which a plain open would wait on for ever)."""
        handle = os.open(name, os.O_RDONLY | os.O_NONBLOCK | _NOFOLLOW | _CLOEXEC,
                         dir_fd=self._handle)  # fmt: skip
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                raise OSError(errno.EINVAL, "not a regular file", name)
            return stream.read()

    def create(self, name: str, data: bytes) -> bool:
        """Put ``data`` at ``name``: whether it was put, False where the name was taken
        (nothing changed then). On any error nothing is left behind."""
        if self.unnamed:
            try:
                return self._link_unnamed(name, data)
            except _Unsupported:
                self.unnamed = False
        return self._link_temporary(name, data)

    def _link_unnamed(self, name: str, data: bytes) -> bool:
        try:
            handle = os.open(".", _UNNAMED | os.O_WRONLY | _CLOEXEC, self.mode, dir_fd=self._handle)
        except OSError as error:
            if error.errno in UNSUPPORTED:
                raise _Unsupported from None
            raise OSError(error.errno, error.strerror, str(self.path)) from None
        try:
            _write_all(handle, data)
            try:
                # linkat(AT_SYMLINK_FOLLOW) of the descriptor's /proc link: open(2)'s way of
                # naming an O_TMPFILE file without the privilege AT_EMPTY_PATH needs. Python
                # calls linkat only with a dir_fd; its plain link() would link the /proc
                # link itself (EXDEV).
                os.link(f"/proc/self/fd/{handle}", name, dst_dir_fd=self._handle,
                        follow_symlinks=True)  # fmt: skip
            except FileExistsError:
                return False
            except FileNotFoundError:
                if os.path.isdir("/proc/self/fd"):
                    raise
                raise _Unsupported from None  # no /proc mounted
            except OSError as error:
                if error.errno in PROC_LINK_REFUSED:
                    raise _Unsupported from None  # a sandbox that keeps /proc links apart
                raise
            return True
        finally:
            os.close(handle)

    def _link_temporary(self, name: str, data: bytes) -> bool:
        while True:
            temporary = f"{TEMPORARY_PREFIX}{secrets.token_hex(8)}{TEMPORARY_SUFFIX}"
            try:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC,
                                 self.mode, dir_fd=self._handle)  # fmt: skip
                break
            except FileExistsError:
                continue
        try:
            try:
                _write_all(handle, data)
            finally:
                os.close(handle)
            return self._name(temporary, name)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=self._handle)

    def _name(self, temporary: str, name: str) -> bool:
        """Give the written file its name unless it is taken: a second link, where the file
        system has them (the caller then removes the temporary name)."""
        try:
            os.link(temporary, name, src_dir_fd=self._handle, dst_dir_fd=self._handle)
        except FileExistsError:
            return False
        except OSError as error:
            if error.errno not in NO_LINKS:
                raise
            # No hard links here: a rename, which would replace a file that appeared since
            # the caller looked (under the export's lock, one of its own workers' identical one).
            os.replace(temporary, name, src_dir_fd=self._handle, dst_dir_fd=self._handle)
        return True

    def close(self) -> None:
        os.close(self._handle)
