"""The upload gate: hostile files made here by code, each refused with the reason a user reads;
good files pass; any bytes at all either pass or are refused, never anything else."""

import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from foreign_trade_crm.rules import files as gate
from foreign_trade_crm.rules import sheet_reader, xlsx
from foreign_trade_crm.sample_world.files import ELF, PNG, rezip

pytest.importorskip("filetype")
pytest.importorskip("defusedxml")
openpyxl = pytest.importorskip("openpyxl")

ALL = frozenset(gate.EXTENSIONS.values())
GOOD_XLSX = xlsx.plain_xlsx([("Your Item Code", "Qty"), ("ATL-TOWEL-RED", 100)])


def refused(filename, content, kinds=ALL, **limits):
	with pytest.raises(gate.RefusedFile) as caught:
		gate.judge(filename, content, kinds, gate.Limits(**limits))
	return caught.value.problem.render()


def test_good_files_pass():
	assert gate.judge("order.xlsx", GOOD_XLSX, ALL) == gate.XLSX
	assert gate.judge("photo.PNG", PNG, ALL) == gate.IMAGE
	assert gate.judge("survey.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF", ALL) == gate.PDF
	assert gate.judge("list.csv", "公司,电话\n宁波海曙,0574-1234".encode("gb18030"), ALL) == gate.CSV


def test_an_image_or_a_program_named_xlsx_is_refused_by_its_bytes():
	assert (
		refused("evil.xlsx", PNG)
		== "The file evil.xlsx is not an Excel workbook (.xlsx): its content is a PNG image"
	)
	assert (
		refused("evil.xlsx", ELF)
		== "The file evil.xlsx is not an Excel workbook (.xlsx): its content is a Linux program"
	)
	assert refused("photo.jpg", PNG) == "The file photo.jpg is not an image: its content is a PNG image"
	assert refused("notes.txt", GOOD_XLSX).endswith("its content is an Excel workbook (.xlsx)")
	assert "binary data" in refused("list.csv", b"a,b\n\x00\x01")


def test_a_name_the_place_does_not_take_is_refused():
	assert refused("invoice.exe", ELF).startswith("Files named .exe are not accepted here")
	assert refused("photo.png", PNG, kinds=frozenset({gate.XLSX, gate.CSV})).startswith("Files named .png")


def test_a_zip_bomb_is_refused_by_its_declared_sizes_before_anything_inflates_it():
	sheet = b"<row>" + b"<c/>" * (2**20) + b"</row>"  # 4 MB that deflate to a few KB
	bomb = rezip(GOOD_XLSX, change=lambda name, data: sheet if name == "xl/worksheets/sheet1.xml" else data)
	assert len(bomb) < 100_000
	message = refused("bomb.xlsx", bomb)
	assert re.match(
		r"The file bomb\.xlsx inflates \d+ times \(4 MB from \d+ KB\): refused as a zip bomb", message
	)
	# many members, each below the ratio check, adding up past the total
	parts = {f"xl/media/{i}.bin": bytes(200_000) for i in range(12)}
	assert "inflates to more than 1 MB" in refused(
		"many.xlsx", rezip(GOOD_XLSX, add=parts), max_uncompressed=2**20
	)
	assert "more than 5 parts" in refused("parts.xlsx", GOOD_XLSX, max_members=5)


def test_entities_macros_links_and_embedded_objects_are_refused():
	laughs = (
		b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
		b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
		b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol2;</workbook>'
	)
	book = rezip(GOOD_XLSX, change=lambda name, data: laughs if name == "xl/workbook.xml" else data)
	assert "declares XML entities (xl/workbook.xml)" in refused("laughs.xlsx", book)
	sheet = rezip(
		GOOD_XLSX,
		change=lambda name, data: (
			b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd">' + data[38:]
			if name == "xl/worksheets/sheet1.xml"
			else data
		),
	)
	assert "declares XML entities (xl/worksheets/sheet1.xml)" in refused("dtd.xlsx", sheet)
	assert "contains macros" in refused("macro.xlsx", rezip(GOOD_XLSX, add={"xl/vbaProject.bin": b"x"}))
	xlsm = rezip(
		GOOD_XLSX,
		change=lambda name, data: (
			data.replace(b"sheet.main+xml", b"sheet.macroEnabled.main+xml")
			if name == "[Content_Types].xml"
			else data
		),
	)
	assert "contains macros" in refused("xlsm.xlsx", xlsm)
	linked = rezip(GOOD_XLSX, add={"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})
	assert "links to other files" in refused("linked.xlsx", linked)
	assert "embeds other programs" in refused(
		"ole.xlsx", rezip(GOOD_XLSX, add={"xl/embeddings/oleObject1.bin": b"x"})
	)


def test_damaged_empty_and_scripted_files_are_refused():
	assert "is damaged" in refused("cut.xlsx", GOOD_XLSX[: len(GOOD_XLSX) // 2])
	assert refused("empty.pdf", b"") == "The file empty.pdf is empty"
	assert "larger than 1 MB" in refused("big.csv", b"a" * (2**20 + 1), max_bytes=2**20)
	assert "(/JavaScript)" in refused("js.pdf", b"%PDF-1.4\n<< /S /JavaScript /JS (app.alert(1)) >>")
	assert "(/Launch)" in refused("run.pdf", b"%PDF-1.4\n<< /S /Launch /F (cmd.exe) >>")
	assert (
		gate.judge("ok.pdf", b"%PDF-1.4\n<< /JSomething 1 >>", ALL) == gate.PDF
	)  # a longer name is no action
	assert "no xl/workbook.xml" in refused(
		"doc.xlsx", rezip(GOOD_XLSX, change=None, add=None).replace(b"xl/workbook.xml", b"xl/workbooX.xml")
	)


def test_a_sheet_declaring_fewer_rows_than_it_has_gives_all_its_rows():
	book = xlsx.plain_xlsx([("Your Item Code", "Qty", "Rate"), ("A", 1, 2), ("B", 3, 4), ("C", 5, 6)])
	lying = rezip(
		book,
		change=lambda name, data: (
			re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C2"', data)
			if name == "xl/worksheets/sheet1.xml"
			else data
		),
	)
	assert b'ref="A1:C2"' in zipfile.ZipFile(io.BytesIO(lying)).read("xl/worksheets/sheet1.xml")
	rows = sheet_reader.read_rows(lying)
	assert [r[0] for r in rows] == ["Your Item Code", "A", "B", "C"]


@settings(max_examples=300, deadline=None)
@given(
	name=st.sampled_from(sorted(gate.EXTENSIONS)).map(lambda ext: f"upload.{ext}"),
	content=st.one_of(
		st.binary(max_size=4096),
		st.binary(max_size=2048).map(lambda b: b"PK\x03\x04" + b),
		st.binary(max_size=2048).map(lambda b: PNG[:16] + b),
		st.binary(max_size=2048).map(lambda b: b"%PDF-1.4" + b),
		st.binary(max_size=64).map(lambda b: GOOD_XLSX[: len(GOOD_XLSX) - len(b)] + b),
	),
)
def test_any_bytes_either_pass_or_are_refused_never_anything_else(name, content):
	try:
		assert gate.judge(name, content, ALL) in ALL
	except gate.RefusedFile as refusal:
		assert refusal.problem.render()
