"""Photos are decoded side by side within a pixel budget (memory grows with decoded pixels):
Telegram photos of known size share it, a file of unknown size takes all of it, first come
first decoded, and a companion who gives up frees their place."""

from __future__ import annotations

import asyncio

from handlers.report.photos import PixelBudget

MP = 1_000_000


async def holding(budget: PixelBudget, pixels: int, inside: list[int], leave: asyncio.Event) -> None:
    async with budget.room_for(pixels):
        inside.append(pixels)
        await leave.wait()
        inside.remove(pixels)


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_photos_of_known_size_decode_side_by_side_and_a_file_waits_for_the_whole_room() -> None:
    budget = PixelBudget(16 * MP)
    inside: list[int] = []
    leave_photos, leave_file = asyncio.Event(), asyncio.Event()
    photos = [asyncio.create_task(holding(budget, 1 * MP, inside, leave_photos)) for _ in range(3)]
    await settle()
    assert inside == [MP, MP, MP], "three 1 MP photos decode at the same time"

    document = asyncio.create_task(holding(budget, 16 * MP, inside, leave_file))
    late_photo = asyncio.create_task(holding(budget, 1 * MP, inside, leave_photos))
    await settle()
    assert inside == [MP, MP, MP], "the file waits for the whole room; the photo after it waits behind it"

    leave_photos.set()
    await asyncio.gather(*photos)
    await settle()
    assert inside == [16 * MP], "the file decodes alone"
    leave_file.set()
    await asyncio.gather(document, late_photo)
    assert inside == []


async def test_a_companion_who_gives_up_while_waiting_frees_their_place() -> None:
    budget = PixelBudget(16 * MP)
    inside: list[int] = []
    leave = asyncio.Event()
    first = asyncio.create_task(holding(budget, 10 * MP, inside, leave))
    await settle()
    waiting = asyncio.create_task(holding(budget, 16 * MP, inside, leave))
    behind = asyncio.create_task(holding(budget, 2 * MP, inside, leave))
    await settle()
    assert inside == [10 * MP]

    waiting.cancel()
    await settle()
    assert inside == [10 * MP, 2 * MP], "the photo behind the one who gave up goes in"
    leave.set()
    await asyncio.gather(first, behind)
    assert waiting.cancelled()
    whole = asyncio.create_task(holding(budget, 16 * MP, inside, leave))
    await settle()
    assert whole.done() and inside == [], "all of it is free again"


async def test_giving_up_just_as_the_room_frees_is_a_plain_cancel() -> None:
    budget = PixelBudget(16 * MP)
    inside: list[int] = []
    leave = asyncio.Event()
    first = asyncio.create_task(holding(budget, 16 * MP, inside, leave))
    await settle()
    waiting = asyncio.create_task(holding(budget, 1 * MP, inside, asyncio.Event()))
    await settle()

    # The room frees and the waiting companion gives up in the same turn of the loop: the
    # release passes over the cancelled place before the cancelled task takes it out itself.
    leave.set()
    waiting.cancel()
    await asyncio.gather(first, waiting, return_exceptions=True)
    assert waiting.cancelled(), "cancelled, not an error from the queue"
    whole = asyncio.create_task(holding(budget, 16 * MP, inside, leave))
    await settle()
    assert whole.done() and inside == [], "all of it is free again"
