"""Copy a member of one zip archive into another as its stored, compressed bytes.

Nothing is inflated or deflated, so a member comes out byte for byte as it went in (a workbook's
images, charts and untouched sheets), at the speed of a file copy. The standard library has no
public call for this: the entry is written with ZipInfo.FileHeader() and registered in the writer's
own list (filelist, NameToInfo, start_dir: the attributes ZipFile.writestr itself maintains, the same
from Python 3.6 to 3.13).
"""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

_BLOCK = 1 << 20
_UTF8_NAME = 0x800


def copy_member(src: BinaryIO, info: zipfile.ZipInfo, zout: zipfile.ZipFile) -> None:
    """Append the member `info` of the archive open as `src` (a binary file) to `zout`, unchanged.

    The local header is written anew with the sizes in it (no data descriptor); the data is copied
    as it is stored. Raises zipfile.BadZipFile when the source's local header is not where its
    central directory says."""
    src.seek(info.header_offset)
    head = src.read(30)
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    src.seek(info.header_offset + 30 + name_len + extra_len)
    entry = zipfile.ZipInfo(info.filename, info.date_time)
    entry.compress_type, entry.CRC = info.compress_type, info.CRC
    entry.compress_size, entry.file_size = info.compress_size, info.file_size
    entry.external_attr, entry.create_system = info.external_attr, info.create_system
    entry.flag_bits = info.flag_bits & _UTF8_NAME  # sizes go in the local header: no data descriptor
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    fp = zout.fp
    assert fp is not None, "the archive is closed"
    entry.header_offset = fp.tell()
    fp.write(entry.FileHeader(zip64))
    left = info.compress_size
    while left:
        block = src.read(min(left, _BLOCK))
        if not block:
            raise zipfile.BadZipFile(f"{info.filename} is cut short")
        fp.write(block)
        left -= len(block)
    zout.filelist.append(entry)
    zout.NameToInfo[entry.filename] = entry
    zout.start_dir = fp.tell()  # a writer opened with "w" writes its directory on close
