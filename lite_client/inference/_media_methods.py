"""Audio, image and video task methods, as mixins of the sync and the async client (thin shells)."""

from __future__ import annotations

from typing import Any, TypeVar

from .._flow import Flow
from ._context import ClientContext
from ._shared import call_args
from .outputs.binary import BinaryOutput
from .outputs.tasks import (
    AudioClassificationOutputElement,
    AudioToAudioOutputElement,
    AutomaticSpeechRecognitionOutput,
    DocumentQuestionAnsweringOutputElement,
    ImageClassificationOutputElement,
    ImageSegmentationOutputElement,
    ImageToTextOutput,
    ObjectDetectionOutputElement,
    VisualQuestionAnsweringOutputElement,
    ZeroShotImageClassificationOutputElement,
)
from .tasks import audio as audio_tasks
from .tasks import vision

__all__ = ["AsyncMediaMethods", "SyncMediaMethods"]

T = TypeVar("T")


class SyncMediaMethods:
    """Audio, image and video tasks of :class:`InferenceClient`. Binary inputs: bytes, a path, a URL,
    a file object, a PIL image, or in Pyodide a Blob/File/ArrayBuffer. Binary results are
    :class:`BinaryOutput` (bytes with ``mime_type``, ``to_pil()`` where Pillow exists)."""

    _ctx: ClientContext

    def _run(self, flow: Flow[T]) -> T:
        raise NotImplementedError

    def audio_classification(self, audio: Any, *, model: str | None = None, top_k: int | None = None,
                             function_to_apply: str | None = None) -> list[AudioClassificationOutputElement]:
        return self._run(audio_tasks.audio_classification(self._ctx, **call_args(locals())))

    def audio_to_audio(self, audio: Any, *, model: str | None = None) -> list[AudioToAudioOutputElement]:
        return self._run(audio_tasks.audio_to_audio(self._ctx, **call_args(locals())))

    def automatic_speech_recognition(self, audio: Any, *, model: str | None = None,
                                     extra_body: dict[str, Any] | None = None) -> AutomaticSpeechRecognitionOutput:
        return self._run(audio_tasks.automatic_speech_recognition(self._ctx, **call_args(locals())))

    def text_to_speech(self, text: str, *, model: str | None = None, do_sample: bool | None = None,
                       early_stopping: bool | str | None = None, epsilon_cutoff: float | None = None,
                       eta_cutoff: float | None = None, max_length: int | None = None,
                       max_new_tokens: int | None = None, min_length: int | None = None,
                       min_new_tokens: int | None = None, num_beam_groups: int | None = None,
                       num_beams: int | None = None, penalty_alpha: float | None = None,
                       temperature: float | None = None, top_k: int | None = None, top_p: float | None = None,
                       typical_p: float | None = None, use_cache: bool | None = None,
                       extra_body: dict[str, Any] | None = None) -> BinaryOutput:
        return self._run(audio_tasks.text_to_speech(self._ctx, **call_args(locals())))

    def image_classification(self, image: Any, *, model: str | None = None, function_to_apply: str | None = None,
                             top_k: int | None = None) -> list[ImageClassificationOutputElement]:
        return self._run(vision.image_classification(self._ctx, **call_args(locals())))

    def image_segmentation(self, image: Any, *, model: str | None = None, mask_threshold: float | None = None,
                           overlap_mask_area_threshold: float | None = None, subtask: str | None = None,
                           threshold: float | None = None) -> list[ImageSegmentationOutputElement]:
        return self._run(vision.image_segmentation(self._ctx, **call_args(locals())))

    def object_detection(self, image: Any, *, model: str | None = None,
                         threshold: float | None = None) -> list[ObjectDetectionOutputElement]:
        return self._run(vision.object_detection(self._ctx, **call_args(locals())))

    def image_to_text(self, image: Any, *, model: str | None = None) -> ImageToTextOutput:
        return self._run(vision.image_to_text(self._ctx, **call_args(locals())))

    def image_to_image(self, image: Any, prompt: str | None = None, *, negative_prompt: str | None = None,
                       num_inference_steps: int | None = None, guidance_scale: float | None = None,
                       model: str | None = None, target_size: dict[str, int] | None = None,
                       **kwargs: Any) -> BinaryOutput:
        return self._run(vision.image_to_image(self._ctx, **call_args(locals())))

    def zero_shot_image_classification(self, image: Any, candidate_labels: list[str], *, model: str | None = None,
                                       hypothesis_template: str | None = None,
                                       ) -> list[ZeroShotImageClassificationOutputElement]:
        return self._run(vision.zero_shot_image_classification(self._ctx, **call_args(locals())))

    def visual_question_answering(self, image: Any, question: str, *, model: str | None = None,
                                  top_k: int | None = None) -> list[VisualQuestionAnsweringOutputElement]:
        return self._run(vision.visual_question_answering(self._ctx, **call_args(locals())))

    def document_question_answering(self, image: Any, question: str, *, model: str | None = None,
                                    doc_stride: int | None = None, handle_impossible_answer: bool | None = None,
                                    lang: str | None = None, max_answer_len: int | None = None,
                                    max_question_len: int | None = None, max_seq_len: int | None = None,
                                    top_k: int | None = None, word_boxes: list[Any] | None = None,
                                    ) -> list[DocumentQuestionAnsweringOutputElement]:
        return self._run(vision.document_question_answering(self._ctx, **call_args(locals())))

    def text_to_image(self, prompt: str, *, negative_prompt: str | None = None, height: int | None = None,
                      width: int | None = None, num_inference_steps: int | None = None,
                      guidance_scale: float | None = None, model: str | None = None, scheduler: str | None = None,
                      seed: int | None = None, extra_body: dict[str, Any] | None = None) -> BinaryOutput:
        return self._run(vision.text_to_image(self._ctx, **call_args(locals())))

    def text_to_video(self, prompt: str, *, model: str | None = None, guidance_scale: float | None = None,
                      negative_prompt: list[str] | None = None, num_frames: float | None = None,
                      num_inference_steps: int | None = None, seed: int | None = None,
                      extra_body: dict[str, Any] | None = None) -> BinaryOutput:
        return self._run(vision.text_to_video(self._ctx, **call_args(locals())))

    def image_to_video(self, image: Any, *, model: str | None = None, prompt: str | None = None,
                       negative_prompt: str | None = None, num_frames: float | None = None,
                       num_inference_steps: int | None = None, guidance_scale: float | None = None,
                       seed: int | None = None, target_size: dict[str, int] | None = None,
                       **kwargs: Any) -> BinaryOutput:
        return self._run(vision.image_to_video(self._ctx, **call_args(locals())))


class AsyncMediaMethods:
    """Audio, image and video tasks of :class:`AsyncInferenceClient`. Binary inputs: bytes, a path, a URL,
    a file object, a PIL image, or in Pyodide a Blob/File/ArrayBuffer. Binary results are
    :class:`BinaryOutput` (bytes with ``mime_type``, ``to_pil()`` where Pillow exists)."""

    _ctx: ClientContext

    async def _run(self, flow: Flow[T]) -> T:
        raise NotImplementedError

    async def audio_classification(self, audio: Any, *, model: str | None = None, top_k: int | None = None,
                             function_to_apply: str | None = None) -> list[AudioClassificationOutputElement]:
        return await self._run(audio_tasks.audio_classification(self._ctx, **call_args(locals())))

    async def audio_to_audio(self, audio: Any, *, model: str | None = None) -> list[AudioToAudioOutputElement]:
        return await self._run(audio_tasks.audio_to_audio(self._ctx, **call_args(locals())))

    async def automatic_speech_recognition(self, audio: Any, *, model: str | None = None,
                                     extra_body: dict[str, Any] | None = None) -> AutomaticSpeechRecognitionOutput:
        return await self._run(audio_tasks.automatic_speech_recognition(self._ctx, **call_args(locals())))

    async def text_to_speech(self, text: str, *, model: str | None = None, do_sample: bool | None = None,
                       early_stopping: bool | str | None = None, epsilon_cutoff: float | None = None,
                       eta_cutoff: float | None = None, max_length: int | None = None,
                       max_new_tokens: int | None = None, min_length: int | None = None,
                       min_new_tokens: int | None = None, num_beam_groups: int | None = None,
                       num_beams: int | None = None, penalty_alpha: float | None = None,
                       temperature: float | None = None, top_k: int | None = None, top_p: float | None = None,
                       typical_p: float | None = None, use_cache: bool | None = None,
                       extra_body: dict[str, Any] | None = None) -> BinaryOutput:
        return await self._run(audio_tasks.text_to_speech(self._ctx, **call_args(locals())))

    async def image_classification(self, image: Any, *, model: str | None = None, function_to_apply: str | None = None,
                             top_k: int | None = None) -> list[ImageClassificationOutputElement]:
        return await self._run(vision.image_classification(self._ctx, **call_args(locals())))

    async def image_segmentation(self, image: Any, *, model: str | None = None, mask_threshold: float | None = None,
                           overlap_mask_area_threshold: float | None = None, subtask: str | None = None,
                           threshold: float | None = None) -> list[ImageSegmentationOutputElement]:
        return await self._run(vision.image_segmentation(self._ctx, **call_args(locals())))

    async def object_detection(self, image: Any, *, model: str | None = None,
                         threshold: float | None = None) -> list[ObjectDetectionOutputElement]:
        return await self._run(vision.object_detection(self._ctx, **call_args(locals())))

    async def image_to_text(self, image: Any, *, model: str | None = None) -> ImageToTextOutput:
        return await self._run(vision.image_to_text(self._ctx, **call_args(locals())))

    async def image_to_image(self, image: Any, prompt: str | None = None, *, negative_prompt: str | None = None,
                       num_inference_steps: int | None = None, guidance_scale: float | None = None,
                       model: str | None = None, target_size: dict[str, int] | None = None,
                       **kwargs: Any) -> BinaryOutput:
        return await self._run(vision.image_to_image(self._ctx, **call_args(locals())))

    async def zero_shot_image_classification(self, image: Any, candidate_labels: list[str], *, model: str | None = None,
                                       hypothesis_template: str | None = None,
                                       ) -> list[ZeroShotImageClassificationOutputElement]:
        return await self._run(vision.zero_shot_image_classification(self._ctx, **call_args(locals())))

    async def visual_question_answering(self, image: Any, question: str, *, model: str | None = None,
                                  top_k: int | None = None) -> list[VisualQuestionAnsweringOutputElement]:
        return await self._run(vision.visual_question_answering(self._ctx, **call_args(locals())))

    async def document_question_answering(self, image: Any, question: str, *, model: str | None = None,
                                    doc_stride: int | None = None, handle_impossible_answer: bool | None = None,
                                    lang: str | None = None, max_answer_len: int | None = None,
                                    max_question_len: int | None = None, max_seq_len: int | None = None,
                                    top_k: int | None = None, word_boxes: list[Any] | None = None,
                                    ) -> list[DocumentQuestionAnsweringOutputElement]:
        return await self._run(vision.document_question_answering(self._ctx, **call_args(locals())))

    async def text_to_image(self, prompt: str, *, negative_prompt: str | None = None, height: int | None = None,
                      width: int | None = None, num_inference_steps: int | None = None,
                      guidance_scale: float | None = None, model: str | None = None, scheduler: str | None = None,
                      seed: int | None = None, extra_body: dict[str, Any] | None = None) -> BinaryOutput:
        return await self._run(vision.text_to_image(self._ctx, **call_args(locals())))

    async def text_to_video(self, prompt: str, *, model: str | None = None, guidance_scale: float | None = None,
                      negative_prompt: list[str] | None = None, num_frames: float | None = None,
                      num_inference_steps: int | None = None, seed: int | None = None,
                      extra_body: dict[str, Any] | None = None) -> BinaryOutput:
        return await self._run(vision.text_to_video(self._ctx, **call_args(locals())))

    async def image_to_video(self, image: Any, *, model: str | None = None, prompt: str | None = None,
                       negative_prompt: str | None = None, num_frames: float | None = None,
                       num_inference_steps: int | None = None, guidance_scale: float | None = None,
                       seed: int | None = None, target_size: dict[str, int] | None = None,
                       **kwargs: Any) -> BinaryOutput:
        return await self._run(vision.image_to_video(self._ctx, **call_args(locals())))
