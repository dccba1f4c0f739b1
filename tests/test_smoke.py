def test_add_and_list(ok):
    code = ok("client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "m")
    assert code == "K0001"
    assert "Ferda Mravenec" in ok("client", "list")


def test_bad_sex_is_one_line(resoc, private_db):
    r = resoc("client", "add", "Ferda Mravenec", "--born", "1990-01-01", "--sex", "q")
    assert r.exit_code == 2
    assert r.stderr.count("\n") == 1 and "--sex" in r.stderr
    assert r.stdout == ""
