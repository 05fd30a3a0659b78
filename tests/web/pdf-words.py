"""The words of a PDF with their size in pt, page by page, as JSON, for
tests/suite/handbook_print.rs: python3 pdf-words.py FILE.pdf"""

import json
import sys

import pdfplumber

with pdfplumber.open(sys.argv[1]) as pdf:
    pages = [
        {
            "width": page.width,
            "height": page.height,
            "words": [
                {"text": word["text"], "size": round(word["size"], 3), "top": round(word["top"], 1)}
                for word in page.extract_words(extra_attrs=["size"])
            ],
        }
        for page in pdf.pages
    ]
json.dump(pages, sys.stdout)
