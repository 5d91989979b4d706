"""Editors' requests under ``/workspace/`` in, sign-in, uploads, reports, previews and publishing out.

``init_app(app, places)`` turns the workspace on when the app knows the collection folder it publishes
into (``create_app(..., collection=DIR)``, ``serve --collection DIR``); without one there is no
``/workspace/``. Sessions are Flask's signed cookies (HttpOnly, SameSite=Lax, Secure when
``SESSION_COOKIE_SECURE`` is set); every POST carries a Flask-WTF CSRF token; sign-in is rate limited
per account and per address; every action goes to the audit log. An editor reaches only the journals
they hold (403 elsewhere); a submission's preview is seen only by whoever uploaded it. The logic lives
in ``scielo_pub.workspace`` (accounts, submissions, publish).
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.exceptions import HTTPException
from wtforms import BooleanField, HiddenField, MultipleFileField, PasswordField, StringField
from wtforms.validators import DataRequired, Length, ValidationError

from ..errors import InputError
from ..store.workspace_schema import ensure_tables
from ..workspace import Places, accounts, publish, submissions
from . import pages
from . import workspace_i18n as i18n
from .db import engine

blueprint = Blueprint("workspace", __name__, url_prefix="/workspace", template_folder="templates")
EXTENSION = "scielo_pub_workspace"
OPEN = {"workspace.login"}
#: Uploads larger than this are refused before they are read (the package checks limit members).
MAX_UPLOAD = 512 * 1024 * 1024


class LoginForm(FlaskForm):
    name = StringField("name", validators=[DataRequired(), Length(max=64)])
    password = PasswordField("password", validators=[DataRequired(), Length(max=1024)])


class UploadForm(FlaskForm):
    issue = StringField("issue", validators=[DataRequired(), Length(max=64)])
    files = MultipleFileField("files")


class PublishForm(FlaskForm):
    ack = BooleanField("ack")


class WithdrawForm(FlaskForm):
    name = HiddenField("name", validators=[DataRequired()])
    confirm = BooleanField("confirm")


class PlainForm(FlaskForm):
    """A form with nothing but its CSRF token (sign out)."""


def init_app(app: Flask, places: Places) -> None:
    """Register the workspace on ``app``, publishing into ``places``."""
    places.data.mkdir(parents=True, exist_ok=True)
    app.extensions[EXTENSION] = places
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ.get("SCIELO_PUB_SECRET_KEY") or _secret(places.data)
    app.config.setdefault("SESSION_COOKIE_SECURE", False)
    app.config.update(SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
                      PERMANENT_SESSION_LIFETIME=timedelta(hours=8))  # fmt: skip
    ensure_tables(app.extensions["scielo_pub_store"])
    app.register_blueprint(blueprint)


def _secret(data: Path) -> str:
    """A random signing key kept (mode 600) in the workspace folder, so sessions survive restarts."""
    path = data / "secret_key"
    if not path.is_file():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32))
    return path.read_text().strip()


def places() -> Places:
    return current_app.extensions[EXTENSION]


def _address() -> str:
    return (request.remote_addr or "unknown")[:64]


def _audit(action: str, journal: str | None = None, issue: str | None = None, detail: str = ""):
    who = g.account.name if g.get("account") else "-"
    with engine().begin() as conn:
        accounts.audit(conn, who, _address(), action, journal=journal, issue=issue, detail=detail)


@blueprint.before_request
def _guard():
    request.max_content_length = MAX_UPLOAD
    if request.method == "POST":
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError as exc:
            raise CSRFError(str(exc)) from None
    g.account = None
    ident, version = session.get("uid"), session.get("v")
    if isinstance(ident, int) and isinstance(version, str):
        with engine().connect() as conn:
            g.account = accounts.by_id(conn, ident, version)
    if g.account is None and request.endpoint not in OPEN:
        session.pop("uid", None)
        if request.method == "GET":
            return redirect(url_for("workspace.login", next=request.path))
        abort(401)
    requested = request.args.get("ui")
    if requested in i18n.LANGUAGES:
        session["ui"] = requested
    default = g.account.lang if g.account else request.accept_languages.best_match(i18n.LANGUAGES)
    g.ui = i18n.pick(session.get("ui") or default, "en")
    g.t = i18n.strings(g.ui)
    return None


#: No script runs on workspace pages (nor on previews of article pages); styles only from the site and
#: the pages themselves; no framing (clickjacking); forms post only here.
CSP = ("default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; form-action 'self'; "
       "base-uri 'none'")  # fmt: skip


@blueprint.after_request
def _headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.errorhandler(CSRFError)
def _csrf(exc: CSRFError):
    return _problem(400, f"The form was refused: {exc.description} Reload the page and try again.")


@blueprint.errorhandler(InputError)
def _input(exc: InputError):
    return _problem(400, str(exc))


def _problem(status: int, message: str):
    t = g.get("t") or i18n.strings("en")
    return render_template("workspace/problem.html", t=t, ui=g.get("ui", "en"), message=message,
                           account=g.get("account"), logout=PlainForm(), status=status), status  # fmt: skip


@blueprint.errorhandler(HTTPException)
def _http(exc: HTTPException):
    if exc.code is None or exc.code < 400:
        return exc
    return _problem(exc.code, exc.description or exc.name)


def _journal(journal: str) -> None:
    """403 unless the signed-in account holds ``journal``; 404 for a journal not in the collection."""
    if not g.account.holds(journal):
        abort(403, "You are not an editor of this journal.")
    if not accounts.ACRONYM.match(journal) or not places().journal_dir(journal).is_dir():
        abort(404, "No such journal in the collection.")


def _render(template: str, status: int = 200, **context):
    return render_template(f"workspace/{template}", t=g.t, ui=g.ui, account=g.account,
                           logout=PlainForm(), **context), status  # fmt: skip


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error = None
    status = 200
    if request.method == "POST" and form.validate():
        name, address = form.name.data.strip(), _address()
        with engine().begin() as conn:
            if accounts.limited(conn, name, address):
                error, status = g.t["limited"], 429
                accounts.audit(conn, name[:64], address, "login-limited")
                account = None
            else:
                account = accounts.authenticate(conn, name, form.password.data, address)
                if account is None:
                    error, status = g.t["bad_login"], 401
                accounts.audit(conn, name[:64], address, "login" if account else "login-failed")
        if account is not None:
            session.clear()
            session.permanent = True
            session.update(uid=account.id, v=account.version)
            target = request.args.get("next", "")
            ok = target.startswith("/workspace/") and "//" not in target and "\\" not in target
            return redirect(target if ok else url_for("workspace.home"))
    elif request.method == "POST":
        status = 400
    return _render("login.html", status, form=form, error=error)


@blueprint.post("/logout")
def logout():
    _audit("logout")
    session.clear()
    return redirect(url_for("workspace.login"))


@blueprint.get("/")
def home():
    folder = places().collection / "journals"
    present = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    held = [j for j in present if g.account.holds(j)]
    with engine().connect() as conn:
        log = accounts.audit_log(conn, journals=None if g.account.is_admin else tuple(held),
                                 limit=30)  # fmt: skip
    return _render("home.html", journals=held, log=log)


def _issues(journal: str) -> list[dict]:
    issues = places().journal_dir(journal) / "issues"
    out = []
    for folder in sorted(issues.iterdir() if issues.is_dir() else [], reverse=True):
        if folder.is_dir() and not folder.is_symlink() and not folder.name.startswith("."):
            names = submissions.article_names({"name": p.name} for p in sorted(folder.iterdir()))
            out.append({"name": folder.name, "articles": names})
    return out


@blueprint.get("/j/<journal>/")
def journal_page(journal: str):
    _journal(journal)
    with engine().connect() as conn:
        rows = submissions.history(conn, journal)
    return _render("journal.html", journal=journal, issues=_issues(journal), rows=rows,
                   form=UploadForm(), refused=None, withdraw=WithdrawForm())  # fmt: skip


@blueprint.post("/j/<journal>/upload")
def upload(journal: str):
    _journal(journal)
    form = UploadForm()
    issue = (form.issue.data or "").strip()
    uploads = [submissions.Upload(f.filename or "", f.stream)
               for f in request.files.getlist("files")]  # fmt: skip
    try:
        with engine().begin() as conn:
            key = submissions.receive(conn, places(), g.account.name, journal, issue, uploads,
                                      g.ui)  # fmt: skip
    except submissions.Refused as exc:
        _audit(
            "upload-refused", journal, issue[:64], "; ".join(d.format() for d in exc.diagnostics)
        )
        with engine().connect() as conn:
            rows = submissions.history(conn, journal)
        return _render("journal.html", 400, journal=journal, issues=_issues(journal), rows=rows,
                       form=form, refused=exc.diagnostics, withdraw=WithdrawForm())  # fmt: skip
    _audit("upload", journal, issue, f"submission {key}")
    return redirect(url_for("workspace.submission", key=key))


@blueprint.get("/j/<journal>/<issue>/")
def issue_page(journal: str, issue: str):
    _journal(journal)
    with engine().connect() as conn:
        rows = submissions.history(conn, journal, issue)
    found = [i for i in _issues(journal) if i["name"] == issue]
    if not found and not rows:
        abort(404, "No such issue.")
    return _render("issue.html", journal=journal, issue=issue, rows=rows,
                   articles=found[0]["articles"] if found else [], withdraw=WithdrawForm())  # fmt: skip


@blueprint.post("/j/<journal>/<issue>/withdraw")
def withdraw(journal: str, issue: str):
    _journal(journal)
    form = WithdrawForm()
    if not form.validate() or not form.confirm.data:
        abort(400, g.t["withdraw_confirm"])
    outcome = publish.withdraw(places(), journal, issue, form.name.data)
    _audit("withdraw", journal, issue, f"{form.name.data}: {outcome.build}")
    flash(g.t["withdrawn_ok"])
    return redirect(url_for("workspace.issue_page", journal=journal, issue=issue))


def _submission(key: str, *, own: bool = False):
    with engine().connect() as conn:
        row = submissions.get(conn, key)
    if row is None:
        abort(404, "No such submission.")
    _journal(row.journal)
    if own and row.account != g.account.name:
        abort(403, "Only the editor who uploaded it sees this preview.")
    return row


@blueprint.get("/s/<key>/")
def submission(key: str):
    row = _submission(key)
    return _render("submission.html", row=row, form=PublishForm(),
                   ready=submissions.publishable(row), own=row.account == g.account.name)  # fmt: skip


@blueprint.get("/s/<key>/report", defaults={"article": None})
@blueprint.get("/s/<key>/report/<int:article>")
def report(key: str, article: int | None):
    row = _submission(key)
    path = submissions.report_file(places(), row, g.ui, article)
    if path is None:
        abort(404, "No such report.")
    return send_file(path, mimetype="text/html", max_age=0)


@blueprint.get("/s/<key>/preview/", defaults={"path": ""})
@blueprint.get("/s/<key>/preview/<path:path>")
def preview(key: str, path: str):
    row = _submission(key, own=True)
    root = places().submission_dir(row.key) / "preview"
    if not path:
        return redirect(url_for("workspace.preview", key=key, path=f"j/{row.journal}/{row.issue}/"))
    return pages.send(root, path)


@blueprint.post("/s/<key>/publish")
def publish_submission(key: str):
    row = _submission(key)
    form = PublishForm()
    form.validate()
    if not submissions.publishable(row):
        abort(409, g.t["blocked"])
    if (row.summary.get("warnings") or 0) and not form.ack.data:
        flash(g.t["ack_needed"])
        return redirect(url_for("workspace.submission", key=key))
    files = submissions.files_dir(places().submission_dir(row.key), row.journal, row.issue)
    outcome = publish.publish(places(), row.journal, row.issue, files)
    with engine().begin() as conn:
        submissions.mark(conn, row, "published", g.account.name)
    _audit("publish", row.journal, row.issue,
           f"submission {key}; changed={outcome.changed}; {outcome.build}")  # fmt: skip
    flash(g.t["published_ok"] if outcome.changed else g.t["unchanged"])
    return redirect(url_for("workspace.submission", key=key))
