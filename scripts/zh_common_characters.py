"""Derive handouts/checks/data/zh-Hans-common.txt: the 2,500 most common Chinese characters.

The list behind the Chinese reading-level proxy (handouts/checks/readability.py): the share of a
text's characters outside it. Derived from wordfreq (https://github.com/rspeer/wordfreq), a
well-kept word-frequency list built from many sources (Wikipedia, subtitles, news, books, the
web; its Chinese words in Simplified characters): each character's frequency is the sum of the
frequencies of the words it occurs in, once per occurrence. wordfreq's data is under CC BY-SA
4.0, and so is the derived list. It is a development tool, not a dependency:

    python -m venv /tmp/wf && /tmp/wf/bin/pip install wordfreq==3.1.1
    /tmp/wf/bin/python scripts/zh_common_characters.py > handouts/checks/data/zh-Hans-common.txt
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import wordfreq  # type: ignore[import-not-found]

COUNT = 2500


def main() -> None:
    """Print the header and the characters, most common first, 50 to a line."""
    weights: Counter[str] = Counter()
    for word, frequency in wordfreq.get_frequency_dict("zh", wordlist="large").items():
        for char in word:
            if unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH"):
                weights[char] += frequency
    top = [char for char, _ in weights.most_common(COUNT)]
    print(f"# The {COUNT} most common Chinese characters (Simplified), most common first.")
    print("# Derived from wordfreq 3.1.1 (CC BY-SA 4.0) by scripts/zh_common_characters.py.")
    for start in range(0, len(top), 50):
        print("".join(top[start : start + 50]))


if __name__ == "__main__":
    main()
