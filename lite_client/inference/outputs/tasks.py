"""Outputs of the non-chat tasks, shaped like huggingface_hub's generated output types.

Each class keeps huggingface_hub's name and field names; all fields are optional and unknown keys
are kept (see :class:`~lite_client.inference.outputs._base.OutputModel`).
"""

from __future__ import annotations

from typing import Any

from ._base import OutputModel

__all__ = [
    "AudioClassificationOutputElement",
    "AudioToAudioOutputElement",
    "AutomaticSpeechRecognitionOutput",
    "AutomaticSpeechRecognitionOutputChunk",
    "DocumentQuestionAnsweringOutputElement",
    "FillMaskOutputElement",
    "ImageClassificationOutputElement",
    "ImageSegmentationOutputElement",
    "ImageToTextOutput",
    "ObjectDetectionBoundingBox",
    "ObjectDetectionOutputElement",
    "QuestionAnsweringOutputElement",
    "SummarizationOutput",
    "TableQuestionAnsweringOutputElement",
    "TextClassificationOutputElement",
    "TokenClassificationOutputElement",
    "TranslationOutput",
    "VisualQuestionAnsweringOutputElement",
    "ZeroShotClassificationOutputElement",
    "ZeroShotImageClassificationOutputElement",
]


class _LabelScore(OutputModel):
    label: str | None = None
    score: float | None = None


class AudioClassificationOutputElement(_LabelScore):
    pass


class ImageClassificationOutputElement(_LabelScore):
    pass


class TextClassificationOutputElement(_LabelScore):
    pass


class ZeroShotClassificationOutputElement(_LabelScore):
    pass


class ZeroShotImageClassificationOutputElement(_LabelScore):
    pass


class AudioToAudioOutputElement(OutputModel):
    """``blob`` is the decoded audio (bytes); ``content_type`` its MIME type."""

    blob: Any = None
    content_type: str | None = None
    label: str | None = None


class AutomaticSpeechRecognitionOutputChunk(OutputModel):
    text: str | None = None
    timestamp: list[float] | None = None


class AutomaticSpeechRecognitionOutput(OutputModel):
    text: str | None = None
    chunks: list[AutomaticSpeechRecognitionOutputChunk] | None = None


class DocumentQuestionAnsweringOutputElement(OutputModel):
    answer: str | None = None
    end: int | None = None
    score: float | None = None
    start: int | None = None


class QuestionAnsweringOutputElement(OutputModel):
    answer: str | None = None
    end: int | None = None
    score: float | None = None
    start: int | None = None


class FillMaskOutputElement(OutputModel):
    score: float | None = None
    sequence: str | None = None
    token: int | None = None
    token_str: Any = None
    fill_mask_output_token_str: str | None = None


class ImageSegmentationOutputElement(OutputModel):
    """``mask`` is the base64 PNG the server sent; ``mask_bytes()`` decodes it."""

    label: str | None = None
    mask: Any = None
    score: float | None = None

    def mask_bytes(self) -> bytes | None:
        import base64

        return base64.b64decode(self.mask) if isinstance(self.mask, str) else None


class ImageToTextOutput(OutputModel):
    generated_text: Any = None
    image_to_text_output_generated_text: str | None = None


class ObjectDetectionBoundingBox(OutputModel):
    xmax: int | None = None
    xmin: int | None = None
    ymax: int | None = None
    ymin: int | None = None


class ObjectDetectionOutputElement(OutputModel):
    box: ObjectDetectionBoundingBox | None = None
    label: str | None = None
    score: float | None = None


class SummarizationOutput(OutputModel):
    summary_text: str | None = None


class TableQuestionAnsweringOutputElement(OutputModel):
    answer: str | None = None
    cells: list[str] | None = None
    coordinates: list[list[int]] | None = None
    aggregator: str | None = None


class TokenClassificationOutputElement(OutputModel):
    end: int | None = None
    score: float | None = None
    start: int | None = None
    word: str | None = None
    entity: str | None = None
    entity_group: str | None = None


class TranslationOutput(OutputModel):
    translation_text: str | None = None


class VisualQuestionAnsweringOutputElement(OutputModel):
    score: float | None = None
    answer: str | None = None
