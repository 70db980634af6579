"""Codes of signing in to send: Microsoft 365 (Entra ID, msal) and Google Workspace (OAuth), tokens from the
environment, and the command line's choice of a way to send.

The command line names its options (--sign-in, --client-id, --tenant); the desktop app names
Preferences → Email instead.
"""

from __future__ import annotations

from tec_desktop.codes.model import Say, failure

_PREFS = "Preferences → Email"
_AGAIN = "sign in again (--sign-in)"
_AGAIN_APP = f"sign in again in {_PREFS}"
_TIMEOUT = (
    "The sign-in was not finished in the browser within {timeout:g} s; nothing was sent. Sign in again and complete "
    "it in the browser window that opens."
)
_MS_EXPIRED = "Your Microsoft 365 sign-in as {account} has expired or was revoked ({reply}): "
_MS_NEW_TOKEN = "Microsoft 365 refused a new access token for {account} ({reply}): "
_MS_SCOPE = "Your Microsoft 365 sign-in as {account} does not cover "
_MS_APP_UNKNOWN = "Microsoft 365 does not know the app {client_id} in the tenant '{tenant}' ({reply}). Check "
_OTHER_TENANT = "The account you signed in with does not belong to the tenant '{tenant}' ({reply}): sign in with your "
_GOOGLE_SCOPE = "Your Google sign-in as {account} does not cover "
_GOOGLE_EXPIRED = "Your Google sign-in as {account} has expired or was revoked ({reply}): "
_GOOGLE_FILE = "Google Cloud console → APIs & Services → Credentials"


def _again(text: str, tail: str = ".") -> Say:
    """`text` ending in the command line's 'sign in again (--sign-in)', and the app's Preferences."""
    return Say(text + _AGAIN + tail, app=text + _AGAIN_APP + tail)


SIGN_IN = (
    failure(
        "option-for-another-way",
        "Option of another way of sending",
        "{option} is only for {ways}.",
    ),
    failure(
        "sign-in-clients-both",
        "Two sign-in clients",
        "--client-id is for a Microsoft 365 sign-in, --client-file for Google: give one of them.",
        app="An Application (client) ID is for a Microsoft 365 sign-in, a client file for Google: give one of them.",
    ),
    failure(
        "not-signed-in",
        "Not signed in",
        "Not signed in to {provider}: sign in once (--sign-in opens your browser; in the app: Preferences → Email → "
        "Sign in), or for an unattended run put an access token in {variable}.",
        app=f"Not signed in to {{provider}}: sign in once in {_PREFS} (Sign in).",
    ),
    failure(
        "env-token-and-sign-in",
        "Token set and sign-in asked",
        "{variable} is set, so there is nothing to sign in to: unset it to sign in instead.",
    ),
    failure(
        "env-token-refused",
        "Token from the environment refused",
        "The access token in {variable} was refused: it has expired or is not for this service. Put a new token in "
        "{variable}.",
    ),
    failure(
        "sign-in-timeout",
        "Sign-in not finished in time",
        _TIMEOUT,
        forms={
            "microsoft": Say(
                _TIMEOUT + " If the browser showed an error (AADSTS700016: application not found), check --client-id "
                "{client_id} and --tenant {tenant} with your IT.",
                app=_TIMEOUT + " If the browser showed an error (AADSTS700016: application not found), check the "
                f"Application (client) ID {{client_id}} and the tenant {{tenant}} in {_PREFS} with your IT.",
            ),
        },
    ),
    failure(
        "sign-in-unreachable",
        "Sign-in service unreachable",
        "Could not reach the Microsoft sign-in service at {host}: check the network connection.",
        forms={"google": "Could not reach Google's sign-in service at {host} ({reason})."},
    ),
    failure(
        "web-certificate-untrusted",
        "Web service certificate not trusted",
        "The secure connection to {host} could not be verified. If your company checks web traffic with its own "
        "certificate, set REQUESTS_CA_BUNDLE to that certificate's file.",
    ),
    # ---------------------------------------------------------------- Microsoft 365
    failure(
        "microsoft-client-id-missing",
        "No Microsoft 365 app registration",
        "Microsoft 365 sign-in needs your organization's app registration: give its Application (client) ID with "
        "--client-id (TEC Desktop has no app registered with Microsoft; the user guide shows your IT how to "
        "register one), or put an access token in TEC_GRAPH_TOKEN for an unattended run.",
        app="Microsoft 365 sign-in needs your organization's app registration: enter its Application (client) ID "
        f"in {_PREFS} (TEC Desktop has no app registered with Microsoft; the user guide shows your IT how to "
        "register one).",
    ),
    failure(
        "microsoft-client-id-invalid",
        "Not an Application (client) ID",
        "'{client_id}' is not an Application (client) ID: it is a GUID like 1b7c0e2a-55d4-4c1e-9a61-3f0c2d7e8a90, "
        "shown on the app registration's Overview page in the Microsoft Entra admin center.",
    ),
    failure(
        "microsoft-tenant-invalid",
        "Not a Microsoft 365 tenant",
        "'{tenant}' is not a Microsoft 365 tenant: give your organization's domain (contoso.com), its tenant ID (a "
        "GUID), or organizations.",
    ),
    failure(
        "microsoft-login-url-not-https",
        "Microsoft sign-in address not https",
        "--login-url {url} must be https://: Microsoft's sign-in library accepts nothing else.",
        app="The Microsoft sign-in address {url} must be https://: Microsoft's sign-in library accepts nothing else.",
    ),
    failure(
        "microsoft-tenant-unknown",
        "Tenant unknown to Microsoft",
        "Microsoft does not know the tenant '{tenant}' at {url} ({reason}). Check --tenant: your organization's "
        "domain (contoso.com) or tenant ID.",
        app="Microsoft does not know the tenant '{tenant}' at {url} ({reason}). Check the tenant in "
        f"{_PREFS}: your organization's domain (contoso.com) or tenant ID.",
    ),
    failure(
        "microsoft-sign-in-not-started",
        "Microsoft 365 sign-in did not start",
        "The Microsoft 365 sign-in could not start: {reason}.",
    ),
    failure(
        "microsoft-sign-in-refused",
        "Microsoft 365 sign-in refused",
        "The Microsoft 365 sign-in failed ({reply}).",
        forms={
            "app-unknown": Say(
                _MS_APP_UNKNOWN + "--client-id (your IT's app registration) and --tenant.",
                app=_MS_APP_UNKNOWN + f"the Application (client) ID (your IT's app registration) and the tenant in "
                f"{_PREFS}.",
            ),
            "redirect-uri": "The app registration {client_id} does not allow signing in from TEC Desktop ({reply}): "
            "your IT adds the redirect URI http://localhost under 'Mobile and desktop applications'.",
            "consent": "An administrator of your organization must approve the app {client_id} first ({reply}): your "
            "IT grants admin consent for Mail.Send and Mail.ReadWrite on the app registration.",
            "declined": "The sign-in was cancelled or the permissions were declined; nothing was sent. Sign in again "
            "and accept the permissions TEC Desktop asks for (send mail as you, manage your drafts).",
            "other-tenant": Say(
                _OTHER_TENANT + "work account of that organization, or check --tenant.",
                app=_OTHER_TENANT + f"work account of that organization, or check the tenant in {_PREFS}.",
            ),
            "policy": "Your organization's access policy blocked the sign-in from this computer ({reply}): ask your "
            "IT.",
        },
    ),
    failure(
        "microsoft-sign-in-scope",
        "Microsoft 365 sign-in lacks a permission",
        _again(_MS_SCOPE + "sending mail yet: ", " and accept the permissions.").text,
        app=_again(_MS_SCOPE + "sending mail yet: ", " and accept the permissions.").app,
        forms={"smtp": _again(_MS_SCOPE + "sending through SMTP yet: ", " and accept the permissions.")},
    ),
    failure(
        "microsoft-sign-in-expired",
        "Microsoft 365 sign-in expired",
        _again(_MS_EXPIRED).text,
        app=_again(_MS_EXPIRED).app,
        forms={"refused": _again(_MS_NEW_TOKEN)},
    ),
    # ---------------------------------------------------------------- Google Workspace
    failure(
        "google-client-file-missing",
        "No Google OAuth client",
        "Google Workspace sign-in needs your organization's OAuth client: give its downloaded JSON file with "
        "--client-file (the user guide shows your admin how to make one), or put an access token in TEC_GMAIL_TOKEN "
        "for an unattended run.",
        app="Google Workspace sign-in needs your organization's OAuth client: choose its downloaded JSON file in "
        f"{_PREFS} (the user guide shows your admin how to make one).",
    ),
    failure(
        "google-client-file-unreadable",
        "Google client file cannot be read",
        "Cannot read the Google client file {path}: {reason}.",
    ),
    failure(
        "google-client-file-invalid",
        "Not a Google OAuth client file",
        "{path} is not a Google OAuth client file: download it from " + _GOOGLE_FILE + " (the download button of "
        "your Desktop app client).",
        forms={
            "not-json": "{path} is not a Google OAuth client file (it is not JSON).",
            "web-client": "{path} is for a 'Web application' OAuth client: TEC Desktop needs a 'Desktop app' client "
            "(" + _GOOGLE_FILE + " → Create credentials → OAuth client ID → Desktop app).",
        },
    ),
    failure(
        "google-client-url-not-https",
        "Google sign-in address not https",
        "The address {url} in {file} must be https://: Google's sign-in needs it.",
    ),
    failure(
        "google-no-browser",
        "No browser for the Google sign-in",
        "No web browser could be opened on this computer for the Google sign-in. Sign in where a browser can open, "
        "or put an access token in {variable}.",
        app="No web browser could be opened on this computer for the Google sign-in. Sign in where a browser can open.",
    ),
    failure(
        "google-sign-in-refused",
        "Google sign-in refused",
        "The Google sign-in failed ({reply}).",
        forms={
            "not-granted": "The Google sign-in did not grant sending mail: sign in again and tick 'Send email on your "
            "behalf'.",
            "declined": "The Google sign-in was cancelled or the permissions were declined; nothing was sent. Sign in "
            "again and allow 'Send email on your behalf'.",
            "client-unknown": "Google does not know the OAuth client in the client file (invalid_client): download "
            "the file again from Google Cloud console, or ask your Workspace admin.",
            "blocked": "Your Google Workspace admin does not allow this app for your account (the OAuth client is "
            "Internal to another organization, or blocked): ask your admin.",
            "no-refresh-token": "Google did not give TEC Desktop a lasting sign-in (no refresh token): sign in again.",
        },
    ),
    failure(
        "google-sign-in-scope",
        "Google sign-in lacks a permission",
        _again(_GOOGLE_SCOPE + "sending through the Gmail API: ").text,
        app=_again(_GOOGLE_SCOPE + "sending through the Gmail API: ").app,
        forms={"smtp": _again(_GOOGLE_SCOPE + "SMTP: ")},
    ),
    failure(
        "google-sign-in-expired",
        "Google sign-in expired",
        _again(_GOOGLE_EXPIRED).text,
        app=_again(_GOOGLE_EXPIRED).app,
    ),
)
