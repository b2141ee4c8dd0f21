"""File names of uploads are data from strangers: keep what a person recognises, drop the rest."""

import os
import re
import unicodedata


# Control characters, path separators and characters that break headers or Windows.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|;]+')
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}
MAX_LENGTH = 120
# Characters nobody sees: control characters (Cc), format characters (Cf: the bidi
# overrides that show "\u202egpj.exe" as "exe.jpg", zero-width spaces and joiners) and
# lone surrogates (Cs), which cannot even be written as UTF-8.
_INVISIBLE = {"Cc", "Cf", "Cs"}


def safe_filename(name, default="bestand"):
    """A file name without a path, control or format characters, quotes or leading dots.

    The extension is kept (people recognise their files by it); the name is
    shortened to MAX_LENGTH characters. Nothing is left? Then `default`.
    """
    if not name:
        return default
    name = unicodedata.normalize("NFC", str(name))
    name = "".join(c for c in name if unicodedata.category(c) not in _INVISIBLE)
    # Only the last path component: "..\\..\\boot.ini" and "/etc/passwd" lose their path.
    name = re.split(r"[/\\]", name)[-1]
    name = _UNSAFE.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" ._")
    stem, ext = os.path.splitext(name)
    ext = ext[:16]
    stem = stem[: MAX_LENGTH - len(ext)].strip(" ._")
    if stem.lower() in _RESERVED:
        stem = f"_{stem}"
    name = f"{stem}{ext}" if stem else ext.strip(" ._")
    return name or default
