"""A linear intent classifier: TF-IDF over `features` and a linear SVM (intents.py turns its
scores into confidences).

scikit-learn fits it from the package's example utterances (one to two seconds; a linear SVM
fits several times faster than logistic regression here, with the same accuracy), and
model_cache.py keeps the fit on disk. scikit-learn and SciPy are imported only where used:
importing them costs more than a whole turn, and a process that loads a cached model and
understands one line at a time needs neither. Prediction does not go through the vectoriser:
each word's feature columns are cached, one line is a few NumPy operations, and a batch is one
sparse product.
"""

import itertools
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from helpline.language.features import classifier_words, features, word_features

# SVM regularisation: the examples are clean and many, so fit them closely.
_C = 0.5
# Words remembered with their feature columns; the cache is dropped when it grows past this.
_WORD_CACHE = 200_000

Floats = npt.NDArray[np.float64]


class LinearModel:
    """Feature -> column, idf per column, weights (columns x labels) and one bias per label."""

    def __init__(
        self,
        labels: tuple[str, ...],
        vocabulary: dict[str, int],
        idf: Floats,
        weights: Floats,
        bias: Floats,
    ) -> None:
        self.labels = labels
        self.vocabulary = vocabulary
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self._words: dict[str, tuple[int, ...]] = {}

    def _columns(self, word: str) -> tuple[int, ...]:
        found = self._words.get(word)
        if found is None:
            vocab = self.vocabulary
            found = tuple(vocab[f] for f in word_features(word) if f in vocab)
            if len(self._words) >= _WORD_CACHE:
                self._words.clear()
            self._words[word] = found
        return found

    def _row(self, normalized: str) -> list[int]:
        """Every known feature column of a text, repeated as often as the feature occurs."""
        words = classifier_words(normalized)
        vocab = self.vocabulary
        row: list[int] = []
        for word in words:
            row.extend(self._columns(word))
        for a, b in itertools.pairwise(words):
            column = vocab.get(f"b {a} {b}")
            if column is not None:
                row.append(column)
        return row

    def logits_many(self, texts: Sequence[str]) -> Floats:
        """Raw scores (texts x labels) for many normalised texts: one sparse product for all,
        so the NumPy call overhead is paid once per batch rather than once per line."""
        from scipy import sparse

        indptr = [0]
        indices: list[int] = []
        for text in texts:
            indices.extend(self._row(text))
            indptr.append(len(indices))
        ones = np.ones(len(indices), dtype=np.float64)
        matrix = sparse.csr_matrix(
            (ones, np.asarray(indices, dtype=np.intp), np.asarray(indptr, dtype=np.intp)),
            shape=(len(texts), len(self.idf)),
        )
        matrix.sum_duplicates()
        matrix.data = (1.0 + np.log(matrix.data)) * self.idf[matrix.indices]
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        scaled = sparse.diags(1.0 / norms) @ matrix
        result: Floats = np.asarray(scaled @ self.weights) + self.bias
        return result

    def logits(self, normalized: str) -> Floats:
        """Raw scores per label for one normalised text (the bias alone if no feature is known)."""
        columns = np.array(self._row(normalized), dtype=np.intp)
        if not len(columns):
            return self.bias.copy()
        unique, counts = _count(columns)
        values = (1.0 + np.log(counts)) * self.idf[unique]
        values /= math.sqrt(float(values @ values))
        result: Floats = values @ self.weights[unique] + self.bias
        return result


def _count(columns: npt.NDArray[np.intp]) -> tuple[npt.NDArray[np.intp], Floats]:
    """Distinct columns and how often each occurs (np.unique costs ~10x more on short rows)."""
    ordered = np.sort(columns)
    first = np.empty(len(ordered), dtype=bool)
    first[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(ordered))).astype(np.float64)
    return ordered[starts], counts


def train(texts: Sequence[str], labels: Sequence[str]) -> LinearModel:
    """Fit the model on normalised texts and their labels."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectorizer = TfidfVectorizer(analyzer=features, sublinear_tf=True, dtype=np.float64)
    matrix = vectorizer.fit_transform(texts)
    model = LinearSVC(C=_C)
    model.fit(matrix, labels)
    return LinearModel(
        labels=tuple(str(c) for c in model.classes_),
        vocabulary={str(k): int(v) for k, v in vectorizer.vocabulary_.items()},
        idf=np.asarray(vectorizer.idf_, dtype=np.float64),
        weights=np.ascontiguousarray(model.coef_.T, dtype=np.float64),
        bias=np.asarray(model.intercept_, dtype=np.float64),
    )
