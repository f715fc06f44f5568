"""Households spreadsheets as an admin sends them: CSV rows of the register's columns."""

from __future__ import annotations

from tests.support.harness import BotResponse, FakeUser

HEADER = "id_dtks,no_kk,nik_kepala,nama_kepala,alamat,kode_wilayah,kecamatan,desa,lintang,bujur,pendamping"


def row(
    number: int,
    companion: int | str = "",
    *,
    name: str = "Siti Aminah",
    lat: str = "-6.05",
    lon: str = "106.11",
    region: str = "3604",
) -> str:
    return (
        f"36040000000{number:05d},36040112031{number:05d},36040155078{number:05d},{name},"
        f"Kp. Pejaten RT 00{number % 9 + 1},{region},Kramatwatu,Pejaten,{lat},{lon},{companion}"
    )


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


async def send_csv(admin: FakeUser, content: bytes, name: str = "kpm.csv") -> BotResponse:
    return await admin.send_document(content, name, "text/csv")
