"""Sources: files, directories, standard input and bundled examples, read as text."""

from __future__ import annotations

import codecs
import os
import sys
from typing import TYPE_CHECKING

from netfreedom.errors import LoadError, SourceLocation

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

#: Bundled examples, found with os.path (pathlib costs the command line milliseconds).
EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "examples")

#: The name standing for standard input.
STDIN = "-"

#: The largest input read (bytes). A 50 MB dataset or report takes about ten times its size
#: in memory at the peak; larger inputs are refused rather than risk the machine.
MAX_INPUT_BYTES = 256 * 1024 * 1024
#: What a workbook file starts with (a zip archive).
WORKBOOK_MAGIC = b"PK\x03\x04"

#: File endings read from a directory, and the format each names.
SUFFIXES = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "csv",  # tab-separated: its separator is told as a CSV file's is
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
}


def example_names() -> tuple[str, ...]:
    """The names of the bundled examples, e.g. ``("kazakhstan-2021",)``."""
    return tuple(
        sorted(
            name.removesuffix(".json") for name in os.listdir(EXAMPLES) if name.endswith(".json")
        )
    )


def expand(sources: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Sources, with each directory replaced by its dataset files in path order.

    A directory's subdirectories are read too; hidden files and directories (whose names
    start with a dot) are not, nor the lock files of open workbooks (``~$name.xlsx``).

    Raises:
        LoadError: A directory holds no dataset file.
    """
    for source in (os.fspath(s) for s in sources):
        if source != STDIN and os.path.isdir(source):
            files = []
            for folder, folders, names in os.walk(source):
                folders[:] = [name for name in folders if not name.startswith(".")]
                files += [
                    os.path.join(folder, name)
                    for name in names
                    if not name.startswith((".", "~$")) and suffix(name) in SUFFIXES
                ]
            if not files:
                raise LoadError(SourceLocation(source), "directory holds no dataset files")
            yield from sorted(files)
        else:
            yield source


def suffix(name: str) -> str:
    """A file name's ending, lower-cased (``".csv"``)."""
    return os.path.splitext(name)[1].lower()


def format_of(name: str, text: str) -> str:
    """The format of a source: by its ending, else by its text.

    Text whose first line is an object followed by another is JSON Lines; other text that
    opens like JSON is JSON; anything else CSV.
    """
    by_suffix = SUFFIXES.get(suffix(name))
    if by_suffix is not None:
        return by_suffix
    body = text.lstrip()
    first, _, rest = body.partition("\n")
    if first.startswith("{") and first.rstrip().endswith("}") and rest.lstrip()[:1] == "{":
        return "jsonl"
    if name in example_names() or body[:1] in ("{", "["):
        return "json"
    return "csv"


def read_text(source: str) -> tuple[str, str]:
    """Read a source as text: a file, ``"-"`` for standard input, or a bundled example name.

    Returns the name to use in locations and the text (UTF-8, byte-order mark dropped).

    Raises:
        LoadError: The source cannot be read or is not UTF-8.
    """
    name, raw = read_bytes(source)
    return name, decode(raw, name)


def read_bytes(source: str) -> tuple[str, bytes]:
    """Read a source's bytes: a file, ``"-"`` for standard input, or a bundled example name.

    Returns the name to use in locations and the bytes.

    Raises:
        LoadError: The source cannot be read.
    """
    if source == STDIN:
        raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        check_size(len(raw), "<stdin>")
        return "<stdin>", raw
    if not os.path.exists(source) and source in example_names():
        with open(os.path.join(EXAMPLES, f"{source}.json"), "rb") as example:
            return source, example.read()
    try:
        with open(source, "rb") as file:
            check_size(os.fstat(file.fileno()).st_size, source)
            return source, file.read()
    except FileNotFoundError:
        examples = ", ".join(example_names())
        raise LoadError(
            SourceLocation(source),
            f"no such file, and no bundled example of that name (examples: {examples})",
        ) from None
    except OSError as error:
        raise LoadError(SourceLocation(source), error.strerror or str(error)) from None


def check_size(size: int, source: str) -> None:
    """Refuse an input larger than `MAX_INPUT_BYTES`.

    Raises:
        LoadError: The input is too large.
    """
    if size > MAX_INPUT_BYTES:
        raise LoadError(
            SourceLocation(source),
            f"input of {size / 2**20:.0f} MiB is larger than the {MAX_INPUT_BYTES // 2**20} MiB"
            " netfreedom reads; split it into several files",
        )


#: Byte-order marks and the encodings they announce, UTF-32's first (its little-endian mark
#: begins with UTF-16's).
_MARKS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode(raw: bytes, source: str) -> str:
    """UTF-8 bytes as text, without a byte-order mark; UTF-16 or UTF-32 where its mark says so.

    A spreadsheet program's "Unicode text" is UTF-16 with a byte-order mark.

    Raises:
        LoadError: The bytes are not UTF-8 (nor marked UTF-16 or UTF-32 and so), located at
            the first bad byte.
    """
    encoding = next((name for mark, name in _MARKS if raw.startswith(mark)), "UTF-8")
    codec = "utf-8-sig" if encoding == "UTF-8" else encoding.lower()
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as error:
        before = raw[: error.start].decode(codec, errors="replace")
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise LoadError(
            SourceLocation(source, line=line, column=column),
            f"not {encoding}: byte 0x{raw[error.start]:02x} cannot be decoded",
        ) from None
