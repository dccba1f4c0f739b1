"""Shared fixtures. No test ever touches a real database: RESOC_DB points at a temp file, or,
for the ``[postgresql]`` half of the command-line tests, at a fresh database on a throwaway
PostgreSQL server (tests/pgserver.py).

Every test that drives resoc through its command line (the ``resoc``/``ok`` fixtures, or
``@pytest.mark.both_engines`` for one that runs ``resoc`` as a process) runs twice: on a
SQLite file (``[sqlite]``) and on a server (``[postgresql]``). A test that looks at the SQLite
file itself is ``@pytest.mark.sqlite_only("why")``; a test that names its databases itself is
``@pytest.mark.postgres``. Without the server binaries (Windows) the postgresql half is
skipped, with the reason; nothing else is."""

import itertools
from dataclasses import dataclass
from datetime import date

import pytest
from typer.testing import CliRunner

from resoc_cli.cli import app

ENGINES = ("sqlite", "postgresql")

#: The tests that use a command not yet working on a server (not in storage.postgres.PORTED):
#: on postgresql each is expected to fail on the command's one-line refusal, and fails the run
#: when it passes (then take it off this list) or fails for another reason. Module or
#: module::test; the whole list goes once every command is ported.
SERVER_PENDING: tuple[str, ...] = (
    'test_audit.py::test_healthy_chain_verifies',
    'test_audit.py::test_log_filters_and_import_is_one_row',
    'test_cli_bad_input.py::test_a_duration_that_is_not_one_says_what_works',
    'test_cli_bad_input.py::test_hostile_text_is_stored_verbatim',
    'test_cli_bad_input.py::test_rejected_input',
    'test_cli_family_plan.py::test_enrolments_and_sessions_cannot_precede_the_clients_birth',
    'test_cli_family_plan.py::test_imported_sessions_cannot_precede_the_clients_birth',
    'test_cli_issue12.py::test_import_clients_refuses_a_recorded_client_with_exit_4',
    'test_cli_meetings.py::test_bad_meeting_commands_are_refused_and_write_nothing',
    'test_cli_programme_flow.py::test_db_json',
    'test_czech_codes.py::test_imported_enrolment_states_may_be_czech',
    'test_czech_codes.py::test_imported_files_may_name_codes_in_czech',
    'test_czech_sweep.py::test_the_whole_tool_speaks_czech',
    'test_day_of_mistakes.py::test_a_day_of_mistakes_and_their_repair',
    'test_exchange.py::test_cp1250_needs_the_option',
    'test_exchange.py::test_cron_export_without_terminal',
    'test_exchange.py::test_dry_run_writes_nothing',
    'test_exchange.py::test_excel_variant',
    'test_exchange.py::test_formula_injection_neutralised',
    'test_exchange.py::test_from_to_inclusive',
    'test_exchange.py::test_import_clients_minimal_columns_semicolon_bom',
    'test_exchange.py::test_json_and_jsonl',
    'test_exchange.py::test_one_bad_row_imports_nothing_and_lists_every_problem',
    'test_exchange.py::test_pseudonymised_export_is_stable_and_private',
    'test_exchange.py::test_round_trip_into_empty_database',
    'test_exchange.py::test_sessions_csv_columns_and_month',
    'test_exchange.py::test_sessions_import_validates_every_row',
    'test_exchange_meetings.py::test_a_client_with_a_session_of_the_meeting_already_refused',
    'test_exchange_meetings.py::test_a_meeting_id_that_is_not_a_whole_number_from_1_refused',
    'test_exchange_meetings.py::test_a_session_moved_off_its_meetings_date_round_trips',
    'test_exchange_meetings.py::test_an_empty_meeting_id_is_no_meeting_and_a_good_one_is_kept',
    'test_exchange_meetings.py::test_czech_messages_of_a_refused_meeting_id',
    'test_exchange_meetings.py::test_export_names_the_meeting_of_each_session',
    'test_exchange_meetings.py::test_importing_the_same_file_twice_is_refused',
    'test_exchange_meetings.py::test_pseudonymised_export_labels_the_meetings_afresh',
    'test_exchange_meetings.py::test_round_trip_into_a_database_with_the_same_meetings',
    'test_exchange_meetings.py::test_the_same_client_and_meeting_twice_in_the_file_refused',
    'test_exchange_meetings.py::test_unknown_meeting_refused',
    'test_exchange_meetings.py::test_xlsx_meeting_id_is_a_number_or_empty',
    'test_exchange_trust.py::test_a_client_closed_during_an_import_is_caught_by_the_recheck',
    'test_exchange_trust.py::test_a_pseudonymised_export_shares_no_identifier_with_a_normal_one',
    'test_exchange_trust.py::test_a_quoted_note_survives_the_round_trip',
    'test_exchange_trust.py::test_a_refused_pseudonymised_export_writes_nothing[postgresql-bad0-clients]',  # noqa: E501
    'test_exchange_trust.py::test_a_refused_pseudonymised_export_writes_nothing[postgresql-bad0-sessions]',  # noqa: E501
    'test_exchange_trust.py::test_a_session_add_during_an_import_is_not_refused_as_busy',
    'test_exchange_trust.py::test_a_sessions_file_keyed_by_code_any_case_imports',
    'test_exchange_trust.py::test_a_sessions_file_keyed_by_name_does_not_echo_the_name',
    'test_exchange_trust.py::test_an_export_over_the_database_is_refused_before_the_key',
    'test_exchange_trust.py::test_an_import_checked_within_the_lock_at_last_is_still_all_or_nothing',  # noqa: E501
    'test_exchange_trust.py::test_an_import_leaves_no_staging_table',
    'test_exchange_trust.py::test_for_leaves_out_every_client_without_a_recorded_consent',
    'test_export_xlsx.py::test_an_xlsx_saved_as_csv_imports_back_its_hours_columns_ignored',
    'test_export_xlsx.py::test_clients_xlsx_hours_beside_minutes_blank_where_minutes_are',
    'test_export_xlsx.py::test_clients_xlsx_neutralises_names_and_types_numbers',
    'test_export_xlsx.py::test_csv_and_json_keep_their_columns_without_hours',
    'test_export_xlsx.py::test_long_export_to_a_pipe_writes_no_progress',
    'test_export_xlsx.py::test_sessions_xlsx_hours_beside_minutes',
    'test_export_xlsx.py::test_sessions_xlsx_typed_cells_frozen_header_widths',
    'test_export_xlsx.py::test_xlsx_failure_leaves_old_file_and_no_temp',
    'test_export_xlsx.py::test_xlsx_prints_landscape_a4_one_page_wide_header_on_every_page_filtered',  # noqa: E501
    'test_export_xlsx.py::test_xlsx_with_no_rows_is_a_header_with_its_filter',
    'test_hostile_input.py::test_hostile_client_file_is_refused_whole',
    'test_hostile_input.py::test_hostile_lookups_are_refused_and_harm_nothing',
    'test_hostile_input.py::test_hostile_session_file_is_refused_whole',
    'test_hostile_input.py::test_hostile_text_imported_from_csv_is_stored_unchanged',
    'test_hostile_input.py::test_hostile_text_is_stored_and_shown_back_unchanged',
    'test_hostile_input.py::test_refused_change_is_not_echoed_and_not_written',
    'test_import_files.py::test_a_bad_duration_and_a_bad_date_are_both_listed',
    'test_import_files.py::test_a_tab_separated_file_imports',
    'test_import_files.py::test_hours_and_minutes_that_agree_import_and_that_disagree_are_refused',
    'test_import_files.py::test_hours_refused_in_czech_with_the_row',
    'test_import_files.py::test_neither_hours_nor_minutes',
    'test_import_files.py::test_sessions_import_minutes_as_people_type_them',
    'test_import_files.py::test_sessions_import_takes_hours_instead_of_minutes',
    'test_import_files.py::test_sessions_in_utf16_with_hours_and_semicolons',
    'test_import_files.py::test_the_delimiter_comes_from_the_header_row',
    'test_import_files.py::test_unicode_text_from_a_spreadsheet_imports',
    'test_import_spreadsheet.py::test_hundred_clients_import',
    'test_import_spreadsheet.py::test_same_file_with_one_broken_row_imports_nothing',
    'test_maintenance.py::test_a_damaged_schema_name_never_breaks_the_one_line',
    'test_maintenance.py::test_backup_is_a_private_consistent_copy',
    'test_maintenance.py::test_backup_to_a_path_and_keep',
    'test_maintenance.py::test_doctor_finds_a_schema_changed_outside_resoc',
    'test_maintenance.py::test_doctor_healthy_database_exits_0',
    'test_maintenance.py::test_doctor_names_a_corrupt_file',
    'test_maintenance.py::test_doctor_without_backup_warns_but_passes',
    'test_maintenance.py::test_restore_brings_back_the_copy_and_keeps_the_replaced_file',
    'test_maintenance.py::test_restore_of_a_backup_from_an_older_schema_upgrades_it',
    'test_papers.py::test_a_refused_certificate_names_what_is_missing_and_leaves_no_file',
    'test_papers.py::test_an_output_folder_that_does_not_exist',
    'test_papers.py::test_bad_requests_are_one_line_and_write_nothing[postgresql-args0-3-no meeting with id 9]',  # noqa: E501
    'test_papers.py::test_bad_requests_are_one_line_and_write_nothing[postgresql-args4-3-client]',
    "test_papers.py::test_bad_requests_are_one_line_and_write_nothing[postgresql-args5-2-lang: 'de' is not one of: cs, en]",  # noqa: E501
    'test_papers.py::test_bad_requests_are_one_line_and_write_nothing[postgresql-args6-2-year]',
    'test_papers.py::test_czech_even_when_the_terminal_speaks_english_and_english_when_asked',
    'test_papers.py::test_one_clients_attendance_within_dates',
    'test_papers.py::test_one_hour_short_is_still_refused',
    'test_papers.py::test_only_print_imports_the_typesetter',
    'test_papers.py::test_participation_so_far_claims_no_completion',
    'test_papers.py::test_text_that_looks_like_typst_markup_is_printed_as_it_is',
    'test_papers.py::test_the_attendance_sheet_has_every_participant',
    'test_papers.py::test_the_certificate_states_the_facts_in_czech',
    'test_papers.py::test_the_default_name_is_in_the_current_folder',
    'test_papers.py::test_the_feminine_verb_for_a_woman',
    'test_papers.py::test_the_letterhead_comes_from_the_organisation_settings',
    'test_papers.py::test_the_plan_lists_every_goal_need_and_the_agreement',
    'test_papers.py::test_the_yearly_report_as_a_document',
    'test_papers_attack.py::test_a_certificate_claims_only_the_rule_check_applies',
    'test_papers_attack.py::test_a_client_who_left_early_gets_no_certificate_of_completion',
    'test_papers_attack.py::test_a_device_or_a_pipe_is_not_replaced',
    'test_papers_attack.py::test_a_link_to_a_paper_is_followed_and_stays_a_link',
    'test_papers_attack.py::test_a_long_but_legal_name_is_written',
    'test_papers_attack.py::test_a_name_ending_in_a_slash_is_a_folder',
    'test_papers_attack.py::test_a_settings_error_speaks_the_terminals_language',
    'test_papers_attack.py::test_an_empty_output_name_is_refused',
    'test_papers_attack.py::test_an_export_does_not_replace_the_database_either',
    'test_papers_attack.py::test_from_alone_starts_the_period',
    'test_papers_attack.py::test_no_paper_replaces_the_settings_file',
    'test_papers_attack.py::test_settings_saved_with_a_byte_order_mark_are_read',
    'test_papers_attack.py::test_settings_that_are_not_utf8_are_one_line_not_a_crash',
    'test_papers_attack.py::test_to_alone_ends_the_period',
    'test_period.py::test_the_export_takes_a_year_and_keeps_its_rules',
    'test_privacy.py::test_a_legal_basis_lets_data_go_without_a_consent_until_it_ends',
    'test_privacy.py::test_consent_refuses_bad_input',
    'test_privacy.py::test_consents_shown_and_export_for_recipient',
    'test_privacy.py::test_erase_is_in_the_log_without_the_values',
    'test_privacy.py::test_erase_keeps_every_yearly_total',
    'test_privacy.py::test_erase_needs_a_closed_case_and_confirmation',
    'test_privacy.py::test_nothing_personal_can_be_added_to_an_erased_client',
    'test_privacy.py::test_retention_default_is_ten_years',
    'test_privacy.py::test_retention_lists_closed_clients_past_the_period',
    'test_process_errors.py::test_a_closed_pipe_ends_quietly_as_head_expects[postgresql-argv4]',
    'test_process_errors.py::test_a_closed_pipe_ends_quietly_as_head_expects[postgresql-argv5]',
    'test_process_errors.py::test_a_closed_stdout_is_one_line_not_two_tracebacks[postgresql-argv4]',
    'test_process_errors.py::test_a_closed_stdout_is_one_line_not_two_tracebacks[postgresql-argv5]',
    'test_process_errors.py::test_a_full_disk_under_stdout_is_one_line[postgresql-argv4]',
    'test_process_errors.py::test_a_full_disk_under_stdout_is_one_line[postgresql-argv5]',
    'test_process_errors.py::test_hostile_import_files_are_refused_not_internal_errors[postgresql-num.csv-content4-argv4]',  # noqa: E501
    'test_process_errors.py::test_hostile_import_files_are_refused_not_internal_errors[postgresql-num.json-content2-argv2]',  # noqa: E501
    'test_process_errors.py::test_hostile_import_files_are_refused_not_internal_errors[postgresql-num.jsonl-content3-argv3]',  # noqa: E501
    'test_review_fixes.py::test_a_config_that_is_not_tables_of_known_settings_is_one_line',
    'test_review_fixes.py::test_backup_and_restore_a_file_name_with_uri_characters',
    'test_review_fixes.py::test_erase_warns_when_a_reader_keeps_old_pages',
    'test_review_fixes.py::test_export_for_a_party_never_recorded_warns_and_a_bad_name_is_refused',
    'test_review_fixes.py::test_restore_gives_up_while_another_process_writes',
    'test_review_fixes.py::test_xlsx_over_the_sheet_limit_is_refused_and_leaves_no_file',
    'test_vocabulary.py::test_a_client_code_is_also_named_client',
    'test_vocabulary.py::test_an_import_reads_the_json_names_of_the_columns',
    'test_vocabulary.py::test_every_key_of_every_document_has_a_row_in_the_vocabulary',
)  # fmt: skip

_PENDING = frozenset(SERVER_PENDING)

#: What a command not yet ported says on a server (storage.db._not_on_server), in English
#: and in Czech.
_REFUSALS = ("works on a SQLite file only so far", "zatím pracuje jen se souborem SQLite")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "no_database: RESOC_DB points at a path that holds no database yet"
    )
    config.addinivalue_line("markers", "postgres: needs the throwaway PostgreSQL server")
    config.addinivalue_line(
        "markers", "sqlite_only(reason): looks at the SQLite file itself; not run on a server"
    )
    config.addinivalue_line(
        "markers", "both_engines: runs resoc as a process; on SQLite and on PostgreSQL"
    )
    config.addinivalue_line(
        "markers", "server_pending: uses a command not yet ported (conftest.SERVER_PENDING)"
    )


def _on_both_engines(definition, fixturenames) -> bool:
    if definition.get_closest_marker("sqlite_only") or definition.get_closest_marker("postgres"):
        return False
    if definition.get_closest_marker("both_engines"):
        return True
    return bool({"resoc", "ok"} & set(fixturenames))


def pytest_generate_tests(metafunc):
    if "engine" in metafunc.fixturenames and _on_both_engines(
        metafunc.definition, metafunc.fixturenames
    ):
        metafunc.parametrize("engine", ENGINES, indirect=True)


def _pending(nodeid: str) -> bool:
    path, _, name = nodeid.partition("::")
    module = path.rsplit("/", 1)[-1]
    test = name.split("[", 1)[0]
    return bool({module, f"{module}::{test}", f"{module}::{name}"} & _PENDING)


def _refused(text: str) -> bool:
    """Whether a failure's report shows the refusal (whole, or cut short by pytest as
    ``'resoc: e...esoc init)\\n'`` in a long comparison)."""
    return any(r in text for r in _REFUSALS) or "esoc init)\\n'" in text


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _engine_of(item) == "postgresql" and _pending(item.nodeid):
            item.add_marker("server_pending")


def _engine_of(item) -> str:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("engine", "sqlite") if callspec else "sqlite"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A server_pending test on postgresql: expected to fail on the refusal of a command not
    yet ported (reported as xfailed); passing, it fails the run (take it off the list)."""
    report = yield
    if call.when not in ("setup", "call") or item.get_closest_marker("server_pending") is None:
        return report
    text = report.longreprtext
    refused = getattr(item, "refused_on_server", False) or _refused(text)
    if report.failed and refused:
        report.outcome = "skipped"
        report.wasxfail = "server_pending: a command not yet ported to a server"
    elif report.passed and call.when == "call":
        report.outcome = "failed"
        report.longrepr = (
            f"{item.nodeid} passes on a server now: take it off conftest.SERVER_PENDING"
        )
    return report


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the whole run (tests/pgserver.py), started on first
    use; its databases are made per test with ``pg_database``. Skipped, with the reason, on a
    machine without the server's binaries."""
    from tests.pgserver import Server, binaries

    try:
        binaries()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    server = Server()
    yield server
    server.stop()


@pytest.fixture
def pg_database(pg_server, request):
    """A new, empty PostgreSQL database for this test; its URL."""
    import re

    name = "t_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:50]
    import psycopg

    with psycopg.connect(pg_server.conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return pg_server.create_database(name)


_numbers = itertools.count(1)


@pytest.fixture
def engine(request):
    """``"sqlite"`` or ``"postgresql"``: where this test's RESOC_DB is."""
    return getattr(request, "param", "sqlite")


def _server_db(request) -> str:
    """A fresh database on the throwaway server for this test: initialised as ``resoc init``
    leaves it (a copy of the server's template, made ahead), or empty for ``no_database``;
    its URL."""
    server = request.getfixturevalue("pg_server")
    if request.node.get_closest_marker("no_database") is not None:
        name = f"empty{next(_numbers)}"
        request.addfinalizer(lambda: server.drop_database(name))
        return server.create_database(name)
    url = server.fresh()
    request.addfinalizer(lambda: server.release(url))
    return url


@pytest.fixture(autouse=True)
def private_db(tmp_path, monkeypatch, request, engine):
    """An empty database, as ``resoc init`` leaves it (a read refuses a path without one);
    ``@pytest.mark.no_database`` for the tests of what happens before it exists. On the
    postgresql engine, the URL of a fresh database on the throwaway server."""
    path = tmp_path / "data" / "resoc.db"
    monkeypatch.setenv("RESOC_CONFIG", str(tmp_path / "config" / "config.toml"))  # never the user's
    from resoc_cli import config

    config.load.cache_clear()  # the settings of an earlier test are not this one's
    if engine == "postgresql":
        where = _server_db(request)
        monkeypatch.setenv("RESOC_DB", where)
    else:
        where = path
        monkeypatch.setenv("RESOC_DB", str(path))
        if request.node.get_closest_marker("no_database") is None:
            from resoc_cli.storage.db import connect

            connect(path).close()
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("RESOC_LANG", "en")  # tests that need Czech ask for it
    from resoc_cli import i18n

    i18n.set_language("en")  # a test that spoke Czech in-process leaves no Czech behind
    yield where
    i18n.set_language("en")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


@pytest.fixture
def resoc(request, engine):
    """``resoc("client", "add", ...)`` runs the CLI in-process and returns a Run."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Run:
        from resoc_cli.commands import common

        try:
            result = runner.invoke(app, list(args), input=input)
        finally:
            from resoc_cli import config

            common.close()  # as the process exit of a real run would
            config.load.cache_clear()  # a new process reads the settings afresh
        exc = result.exception
        if isinstance(exc, SystemExit):
            exc = None
        if engine == "postgresql" and any(r in result.stderr for r in _REFUSALS):
            request.node.refused_on_server = True  # see pytest_runtest_makereport
        return Run(result.exit_code, result.stdout, result.stderr, exc)

    return run


@pytest.fixture
def ok(resoc):
    """Like ``resoc`` but asserts success and returns stripped stdout."""

    def run(*args: str) -> str:
        result = resoc(*args)
        assert result.exception is None, result.exception
        assert result.exit_code == 0, (args, result.stderr)
        return result.stdout.strip()

    return run


@pytest.fixture
def ferda_enrolled(ok):
    """K0001 Ferda Mravenec in the adult programme from 2026-01-05, one 2.5 h session."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("session", "add", "K0001", "--date", "2026-01-06", "--hours", "2.5")


@pytest.fixture
def conn(tmp_path):
    """An open, migrated database for the service-level tests (no Typer)."""
    from resoc_cli.storage.db import connect

    c = connect(tmp_path / "services.db")
    yield c
    c.close()


@pytest.fixture
def ferda(ok):
    """K0001 Ferda Mravenec, adult programme from 2026-01-05: 15 sessions of 2 h and one of
    1.5 h (31.5 h), goals in two areas, plan agreed on 2026-01-19."""
    ok("client", "add", "Ferda Mravenec", "--born", "1988-04-12", "--sex", "m")
    ok("enrol", "K0001", "adult", "--date", "2026-01-05")
    ok("plan", "need", "K0001", "housing", "--date", "2026-01-05")
    ok("plan", "goal", "K0001", "housing", "Najít podnájem v mraveništi", "--date", "2026-01-05")
    ok("plan", "goal", "K0001", "work", "Nastoupit do práce u Berušky", "--date", "2026-01-06",
       "--due", "2026-06-30")  # fmt: skip
    ok("plan", "agree", "K0001", "--date", "2026-01-19")
    for week in range(15):
        day = date.fromordinal(date(2026, 1, 6).toordinal() + 7 * week).isoformat()
        ok("session", "add", "K0001", "--date", day, "--hours", "2", "--phase", str(1 + week // 5))
    ok("session", "add", "K0001", "--date", "2026-04-28", "--hours", "1.5", "--phase", "3")
