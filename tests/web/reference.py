"""CPU reference for the browser demos: the same model files, run with onnxruntime + tokenizers."""

from __future__ import annotations

from pathlib import Path

import numpy as np


class CpuEmbedder:
    """all-MiniLM-L6-v2 sentence embeddings (mean pooling, L2-normalised) from web/vendor's files."""

    def __init__(self, model_dir: Path) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.tokenizer.enable_truncation(max_length=512)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = onnxruntime.InferenceSession(str(model_dir / "onnx" / "model_quantized.onnx"), options,
                                                    providers=["CPUExecutionProvider"])

    def embed(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        names = {i.name for i in self.session.get_inputs()}
        hidden = self.session.run(None, {k: v for k, v in feeds.items() if k in names})[0]
        summed = (hidden * mask[..., None]).sum(axis=1)
        pooled = summed / np.clip(mask.sum(axis=1, keepdims=True), 1e-9, None)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def rank(self, query: str, sentences: list[str]) -> list[tuple[str, float]]:
        vectors = self.embed([query, *sentences])
        scores = vectors[1:] @ vectors[0]
        order = np.argsort(-scores)
        return [(sentences[i], float(scores[i])) for i in order]
