"""`unicancer.frame.tag_spark` on a local PySpark session: exactly the pandas frames.

The session runs in this process's JVM child (``local[2]``: two executor threads, Python
workers forked from this interpreter), bound to 127.0.0.1, without its web UI.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from collections.abc import Iterator

import pandas as pd
import pytest
from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, LongType, StringType

from tests.paths import DATA
from unicancer import InvalidTypeError, NotFoundError, Tagger, charter
from unicancer.frame import HIT_COLUMNS, tag_frame, tag_spark

JAVA = shutil.which("java") or (
    os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else None
)
pytestmark = [
    pytest.mark.skipif(JAVA is None, reason="Spark needs Java 17 or later: no java on PATH"),
    # PySpark 4.3 warns on every pandas conversion that it does not fully support pandas 3,
    # and passes pandas an argument that pandas 3 deprecates.
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
]
#: How long the JVM may take to start, on a busy machine.
STARTUP_SECONDS = 240
SLUGS = [p.slug for p in charter]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    builder = (
        SparkSession.builder.master("local[2]")
        .appName("unicancer-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # A JVM that starts fast rather than one that runs long.
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
    )
    started: list[SparkSession | BaseException] = []

    def start() -> None:
        try:
            started.append(builder.getOrCreate())
        except BaseException as exc:
            started.append(exc)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        thread = threading.Thread(target=start, daemon=True)
        thread.start()
        thread.join(STARTUP_SECONDS)
        if not started:
            pytest.fail(f"no local Spark session after {STARTUP_SECONDS} s")
        if isinstance(started[0], BaseException):
            raise started[0]
        session = started[0]
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """Some gold passages and a missing text, under shuffled ids, with their languages."""
    lines = (DATA / "gold.jsonl").read_text(encoding="utf-8").splitlines()[::12]
    texts: list[str | None] = [json.loads(line)["text"] for line in lines]
    texts.append(None)
    langs = [("fr", "en", None)[i % 3] for i in range(len(texts))]
    ids = [(i * 37) % 101 for i in range(len(texts))]
    frame: pd.DataFrame = pd.DataFrame({"id": ids, "text": texts, "lang": langs})
    return frame


def test_the_frames_are_the_pandas_ones(spark: SparkSession, rows: pd.DataFrame) -> None:
    tagger = Tagger()
    wide, hits = tag_spark(
        spark.createDataFrame(rows), "text", key="id", tagger=tagger, lang="lang", hits=True
    )
    expected_wide, expected_hits = tag_frame(
        rows.set_index("id"), "text", tagger=tagger, lang="lang"
    )
    got_wide = wide.toPandas().set_index("id").sort_index()
    assert got_wide.to_numpy().sum() > 5  # tagged, not trivially empty
    pd.testing.assert_frame_equal(got_wide, expected_wide.sort_index())
    order = ["document", "start", "principle"]
    got_hits = hits.toPandas().sort_values(order).reset_index(drop=True)
    pd.testing.assert_frame_equal(got_hits, expected_hits.sort_values(order).reset_index(drop=True))


def test_scores(spark: SparkSession, rows: pd.DataFrame) -> None:
    wide = tag_spark(spark.createDataFrame(rows), "text", key="id", scores=True, lang="en")
    expected, _ = tag_frame(rows.set_index("id"), "text", scores=True, lang="en")
    pd.testing.assert_frame_equal(
        wide.toPandas().set_index("id").sort_index(), expected.sort_index()
    )


def test_the_schemas(spark: SparkSession, rows: pd.DataFrame) -> None:
    """Declared when the frames are built, before anything runs."""
    sdf = spark.createDataFrame(rows)
    wide, hits = tag_spark(sdf, "text", key="id", hits=True)
    assert wide.columns == ["id", *SLUGS]
    assert {f.dataType for f in wide.schema.fields[1:]} == {LongType()}
    assert wide.schema["id"].dataType == sdf.schema["id"].dataType
    assert hits.columns == list(HIT_COLUMNS)
    assert hits.schema["document"].dataType == sdf.schema["id"].dataType
    assert hits.schema["weight"].dataType == DoubleType()
    assert hits.schema["term"].dataType == StringType()
    scored = tag_spark(sdf, "text", key="id", scores=True)
    assert {f.dataType for f in scored.schema.fields[1:]} == {DoubleType()}


def test_errors_before_anything_runs(spark: SparkSession, rows: pd.DataFrame) -> None:
    sdf = spark.createDataFrame(rows)
    with pytest.raises(NotFoundError, match="no column 'key'; expected one of"):
        tag_spark(sdf, "text", key="key")
    with pytest.raises(NotFoundError, match="no column 'body'"):
        tag_spark(sdf, "body", key="id")
    with pytest.raises(NotFoundError, match="no language column 'langue'"):
        tag_spark(sdf, "text", key="id", lang="langue")
    with pytest.raises(InvalidTypeError, match="expected a Spark DataFrame, found DataFrame"):
        tag_spark(rows, "text", key="id")  # type: ignore[call-overload]
    with pytest.raises(InvalidTypeError, match="found a pyspark DataFrame: use tag_spark"):
        tag_frame(sdf, "text")  # type: ignore[call-overload]
