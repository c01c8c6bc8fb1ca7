"""Zip archives for the Lambda emulation: build deterministic ones (demo
layers, function code) and check uploaded ones the way Lambda does."""

import io
import zipfile

FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def build_zip(files, compress=True, date_time=FIXED_TIME):
    """{path: str|bytes} -> zip bytes, byte-identical for the same input."""
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name in sorted(files):
            data = files[name]
            if isinstance(data, str):
                data = data.encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            z.writestr(info, data)
    return buf.getvalue()


def build_zip_of_size(files, size, filler="node_modules/.package-lock.json"):
    """A stored (uncompressed) zip of `files` padded with a filler entry so
    that the archive is exactly `size` bytes (or as small as possible when
    the files alone are larger)."""
    base = dict(files)
    base[filler] = b""
    first = build_zip(base, compress=False)
    pad = size - len(first)
    if pad <= 0:
        return first
    # stored entries: the archive grows by exactly the added data length
    base[filler] = (b'{"lockfileVersion":3,"packages":{}}' + b" " * pad)[:pad]
    data = build_zip(base, compress=False)
    return data


class ZipProblem(Exception):
    pass


def check_zip(data):
    """Validate an uploaded archive.  Returns (entries, uncompressed_size);
    raises ZipProblem when it cannot be unzipped."""
    if len(data) < 22:
        raise ZipProblem("too short to be a zip file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            bad = z.testzip()
            if bad is not None:
                raise ZipProblem("bad CRC for %s" % bad)
            return len(infos), sum(i.file_size for i in infos)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError,
            ValueError, NotImplementedError, RuntimeError) as e:
        raise ZipProblem(str(e))
