from sermo_helpers.loaders.sniff import Head, detect_encoding, guess_delimiter


def test_encodings():
    assert detect_encoding("\ufeffa".encode("utf-8")) == ("utf-8-sig", None)
    assert detect_encoding("\ufeffa,b".encode("utf-16-le"))[0] == "utf-16-le"
    assert detect_encoding("a,b\nc,d\n".encode("utf-16-le"))[0] == "utf-16-le"
    assert detect_encoding("navn,sted\nBjørn,Ås\n".encode("cp1252"))[0] == "cp1252"
    assert detect_encoding("navn\nBjørn\n".encode("utf-8")) == ("utf-8", None)


def test_delimiter_and_header():
    assert guess_delimiter('a;b;"c,d"') == ";"
    assert guess_delimiter("a\tb\tc") == "\t"
    head = Head.from_bytes("x.csv", b"# comment\n\nDate,Views\n2026-04-01,3\n")
    assert head.header == ["date", "views"] and head.delimiter == ","
    assert Head.from_bytes("x.png", b"\x89PNG\r\n\x1a\n\x00\x00").is_binary
