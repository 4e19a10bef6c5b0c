"""Question references under concurrency: VM-YYYY-000001… unique and without gaps when many people log questions at
the same moment, each in their own transaction and database connection; a rolled-back question gives its number
back to the next one."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from dialogues.models import Question, QuestionChannel, QuestionSequence
from dialogues.services import questions as services

# Committed transactions, like the browser tests. serialized_rollback keeps the content types' ids stable: a plain
# transactional flush would recreate them under new ids and break the browser tests that restore the serialized data.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 8
PER_THREAD = 5
TIMEOUT = 60


def record(world, by, n: str):
    return services.record_question(
        by=by,
        branch=world.region5,
        channel=QuestionChannel.HOTLINE,
        title=f"Câu hỏi {n}",
        body="Thủ tục hoàn thuế?",
        enterprise=world.ent_a,
    )


def run_threads(targets) -> list[BaseException]:
    """Start every target at once (a barrier), each on its own connection; return the exceptions raised."""
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def wrap(target):
        try:
            barrier.wait(timeout=TIMEOUT)
            target()
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=wrap, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return errors


def test_concurrent_intake_gives_unique_gap_free_references(world):
    year = timezone.localdate().year
    assert not QuestionSequence.objects.exists()  # the first questions of the year also create the sequence row
    users = [world.r5_officer, world.r5_manager, world.hq_admin, world.portal_a]
    taken: list[str] = []
    lock = threading.Lock()

    def worker(index: int):
        def run():
            for n in range(PER_THREAD):
                if users[index % len(users)] == world.portal_a:
                    question = services.submit_question(by=world.portal_a, title=f"Cổng {index}-{n}", body="?")
                else:
                    question = record(world, users[index % len(users)], f"{index}-{n}")
                with lock:
                    taken.append(question.reference)

        return run

    errors = run_threads([worker(i) for i in range(THREADS)])
    assert errors == []

    total = THREADS * PER_THREAD
    expected = [f"VM-{year}-{n:06d}" for n in range(1, total + 1)]
    assert sorted(taken) == expected
    assert sorted(Question.objects.values_list("reference", flat=True)) == expected
    assert QuestionSequence.objects.get(year=year).last == total


def test_concurrent_intake_with_some_rolled_back_leaves_no_gap(world):
    year = timezone.localdate().year
    kept: list[str] = []
    lock = threading.Lock()

    def worker(index: int):
        def run():
            for n in range(PER_THREAD):
                try:
                    with transaction.atomic():
                        question = record(world, world.r5_officer, f"{index}-{n}")
                        if (index + n) % 3 == 0:
                            raise RuntimeError("the surrounding action failed")
                except RuntimeError:
                    continue
                with lock:
                    kept.append(question.reference)

        return run

    errors = run_threads([worker(i) for i in range(THREADS)])
    assert errors == []
    total = len(kept)
    assert 0 < total < THREADS * PER_THREAD
    expected = [f"VM-{year}-{n:06d}" for n in range(1, total + 1)]
    assert sorted(kept) == expected
    assert sorted(Question.objects.values_list("reference", flat=True)) == expected
    assert QuestionSequence.objects.get(year=year).last == total


def test_a_rolled_back_number_goes_to_the_question_waiting_for_it(world):
    """A holds number 1 in an open transaction; B waits on the sequence lock; A rolls back; B gets number 1."""
    year = timezone.localdate().year
    record(world, world.r5_officer, "warm-up")  # the sequence row exists: B blocks on its lock, not on the insert
    a_took = threading.Event()
    a_may_fail = threading.Event()
    result: dict[str, str] = {}

    def a():
        try:
            with transaction.atomic():
                result["a"] = record(world, world.r5_officer, "A").reference
                a_took.set()
                assert a_may_fail.wait(timeout=TIMEOUT)
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    def b():
        assert a_took.wait(timeout=TIMEOUT)
        result["b"] = record(world, world.r5_manager, "B").reference

    def release():
        assert a_took.wait(timeout=TIMEOUT)
        # B is now waiting (or about to wait) on the row lock A holds.
        threading.Event().wait(0.5)
        a_may_fail.set()

    errors = run_threads([a, b, release])
    assert errors == []
    assert result == {"a": f"VM-{year}-000002", "b": f"VM-{year}-000002"}
    assert list(Question.objects.order_by("reference").values_list("reference", flat=True)) == [
        f"VM-{year}-000001",
        f"VM-{year}-000002",
    ]
    assert QuestionSequence.objects.get(year=year).last == 2
