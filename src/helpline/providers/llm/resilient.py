"""Calling an LLM within a deadline: retries with exponential backoff, and a circuit breaker.

A turn must get its reply within the timeout whatever the endpoint does (down, slow, rate
limited), so the whole call, retries included, runs in a worker thread that is waited for only
until the deadline.
"""

import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential,
)

from helpline.breaker import CircuitBreaker
from helpline.providers.llm.base import LLMError, LLMProvider, Prompt

log = logging.getLogger(__name__)

# The vendor SDK's own timeout comes this long after the turn's deadline. The deadline here is
# what answers a hanging endpoint, always with the same error; the SDK's timeout only frees the
# worker thread. Were the two equal, either could fire first and the turn's error would depend
# on which. A retry after the SDK's timeout was never possible: no time was left for it.
SDK_GRACE_S = 0.5


def _retryable(exc: BaseException) -> bool:
    return isinstance(exc, LLMError) and exc.retryable


class ResilientLLM:
    """Wraps a provider: deadline per call, retries on 429/5xx/timeouts, breaker, worker pool."""

    def __init__(
        self,
        provider: LLMProvider,
        *,
        timeout_s: float,
        breaker: CircuitBreaker | None = None,
        attempts: int = 3,
        backoff_s: float = 0.25,
        workers: int = 8,
    ) -> None:
        self.name = provider.name
        self.provider = provider
        self.breaker = breaker or CircuitBreaker()
        self._timeout = timeout_s
        self._attempts = attempts
        self._backoff = backoff_s
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"llm-{self.name}")

    def complete(self, prompt: Prompt, *, started: float | None = None) -> str:
        """The provider's text, or LLMError by the deadline (circuit open, timeout, failure).

        The deadline is the timeout after `started` (time.monotonic() when the turn began, so
        the turn as a whole keeps to the timeout), or after now.
        """
        if not self.breaker.allow():
            raise LLMError(f"{self.name}: circuit open", retryable=False)
        deadline = (started if started is not None else time.monotonic()) + self._timeout
        future: Future[str] = self._pool.submit(self._with_retries, prompt, deadline)
        try:
            text = future.result(timeout=max(deadline - time.monotonic(), 0.0))
        except FutureTimeout:
            future.cancel()
            self.breaker.failure()
            raise LLMError(
                f"{self.name}: no answer within {self._timeout:g} s", retryable=False
            ) from None
        except LLMError:
            self.breaker.failure()
            raise
        self.breaker.success()
        return text

    def _with_retries(self, prompt: Prompt, deadline: float) -> str:
        retrying = Retrying(
            stop=stop_after_attempt(self._attempts) | stop_after_delay(self._timeout),
            wait=wait_exponential(multiplier=self._backoff, max=self._timeout),
            retry=retry_if_exception(_retryable),
            reraise=True,
            before_sleep=lambda rs: log.info(
                "llm retry", extra={"provider": self.name, "attempt": rs.attempt_number}
            ),
        )
        for attempt in retrying:
            with attempt:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise LLMError(f"{self.name}: deadline passed", retryable=False)
                return self.provider.complete(prompt, timeout_s=left + SDK_GRACE_S)
        raise LLMError(f"{self.name}: no attempt made", retryable=False)  # pragma: no cover

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
