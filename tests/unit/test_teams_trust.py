"""trust.py's pure parts: the service URL allow-list, the serviceurl claim comparison, the listen check."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from adapters.teams.trust import ServiceUrls, listen_refusal, same_service_url

PUBLIC = "https://smba.trafficmanager.net/amer/"


def test_microsofts_teams_connector_hosts_are_allowed_over_https_only():
    production = ServiceUrls()
    for url in (PUBLIC, "https://smba.trafficmanager.net/teams/", "https://SMBA.trafficmanager.net:443/emea/",
                "https://smba.infra.gcc.teams.microsoft.com/teams", "https://smba.infra.gov.teams.microsoft.us/teams",
                "https://smba.infra.dod.teams.microsoft.us/teams"):
        assert production.allows(url), url
    for url in ("http://smba.trafficmanager.net/amer/", "https://smba.trafficmanager.net.attacker.example/",
                "https://attacker.example/smba.trafficmanager.net/", "https://smba.trafficmanager.net:8443/",
                "https://x@smba.trafficmanager.net/", "http://127.0.0.1:3978/", "", None, 7, "smba.trafficmanager.net",
                "https://smba.trafficmanager.net\n.attacker.example/"):
        assert not production.allows(url) and production.refusal(url), url


def test_configured_hosts_are_added_for_sovereign_clouds():
    assert ServiceUrls(["connector.sovereign.example"]).allows("https://connector.sovereign.example/teams/")
    assert not ServiceUrls(["connector.sovereign.example"]).allows("http://connector.sovereign.example/teams/")


def test_development_mode_allows_loopback_only():
    development = ServiceUrls(development=True)
    for url in ("http://127.0.0.1:3978/", "http://localhost:1234/amer/", "http://[::1]:80/", "https://127.0.0.2/"):
        assert development.allows(url), url
    for url in (PUBLIC, "http://10.0.0.1/", "http://localhost.attacker.example/", "ftp://127.0.0.1/"):
        assert not development.allows(url) and "loopback" in development.refusal(url), url


def test_the_serviceurl_claim_must_name_the_activitys_service_url():
    assert same_service_url(PUBLIC, "https://smba.trafficmanager.net/amer")
    assert same_service_url("HTTPS://SMBA.trafficmanager.net/amer/", PUBLIC)
    for claimed in (None, "", "https://smba.trafficmanager.net/emea/", "https://attacker.example/amer/", ["x"],
                    "https://[::1"):
        assert not same_service_url(claimed, PUBLIC), claimed


def test_unauthenticated_teams_listens_on_loopback_only():
    assert listen_refusal("127.0.0.1", True, None) is None and listen_refusal("::1", True, None) is None
    assert listen_refusal("localhost", True, None) is None
    assert listen_refusal("0.0.0.0", False, None) is None  # Slack only: its requests are signed
    assert listen_refusal("0.0.0.0", True, "app-id") is None
    refusal = listen_refusal("0.0.0.0", True, None)
    assert "MICROSOFT_APP_ID" in refusal and "127.0.0.1" in refusal and "\n" not in refusal


@settings(max_examples=200, deadline=200)
@given(st.one_of(st.text(max_size=80), st.from_regex(r"[a-zA-Z+.-]{0,6}://[^\s]{0,40}", fullmatch=True),
                 st.none(), st.integers(), st.lists(st.text(max_size=5), max_size=3)),
       st.one_of(st.text(max_size=40), st.none()))
def test_any_value_gets_a_yes_or_no_never_an_exception(url, claimed):
    for urls in (ServiceUrls(), ServiceUrls(development=True)):
        assert urls.allows(url) in (True, False)
        assert urls.refusal(url) is None or isinstance(urls.refusal(url), str)
    assert same_service_url(claimed, url) in (True, False)
