"""Punctuation and truecasing (issue #19): a small word tagger trained on text only.

`data.py` reads punctuated, cased English from offline sources and turns it into the recogniser's spoken-form words,
each tagged with the mark that follows it and its case; `model.py` is the tagger; `train.py` trains it (resumable);
`export.py` writes `punct.onnx` + `punct.json` into the bundle; `evaluate.py` measures F1 per mark and casing
accuracy on held-out documents.
"""
