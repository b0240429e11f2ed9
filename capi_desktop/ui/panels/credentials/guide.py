"""The "How do I get a token?" guide: the System User path, why, and what each failure means."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser

GUIDE_HTML = """
<h3>How do I get a token?</h3>
<p>Use a <b>System User</b> of the business that owns your production Pixel. You need admin
access to that business in Meta Business Suite.</p>
<ol>
<li><b>Business Settings.</b> In Meta Business Suite pick the business that owns the Pixel used
by your live campaigns (not an agency's test business) and open Business Settings.</li>
<li><b>System Users.</b> Under Users → System Users, add one for server events (for example
“CAPI server”), or reuse the one your team already has.</li>
<li><b>Assign the Pixel.</b> With that System User selected, choose Assign assets → Pixels
(Data sources), pick the <i>production</i> Pixel and switch on the permission to
<b>manage</b> it.</li>
<li><b>Generate a token.</b> Click Generate new token, choose your business's app, and tick
<code>business_management</code> and <code>ads_management</code>. Meta shows the token only
once: copy it right away.</li>
<li><b>Paste it here.</b> Paste it into <i>Access token</i>, enter the Pixel ID (Events Manager →
Data sources) and click Save, then Verify.</li>
</ol>
<h4>Why a System User, not your personal token?</h4>
<ul>
<li><b>Audit trail:</b> events are sent by a named technical user, not by whoever set it up.</li>
<li><b>Rotation on your schedule:</b> the token does not expire on its own and does not die when
an employee leaves or changes their password; replace it when <i>you</i> decide.</li>
<li><b>Least privilege:</b> it can reach only the assets you assigned to it.</li>
</ul>
<h4>What a failed Verify tells you</h4>
<ul>
<li><b>#190 invalid token</b> (or #102): step 4 or 5 — the token was cut off when pasted,
revoked, or its System User deleted. Generate a new one.</li>
<li><b>#100 / subcode 33, object does not exist</b>: step 3 — the Pixel is not assigned to the
System User, or the Pixel ID is wrong.</li>
<li><b>#10 or #200–#299 permission</b>: step 3 (no manage permission on the Pixel) or step 4
(the two permissions were not ticked).</li>
<li><b>Could not reach the Graph API</b>: not a setup step — network, proxy or firewall.</li>
</ul>
<p>No Meta account yet? <b>Try without a Meta account</b> starts a local emulator that answers
like the Graph API, so you can explore safely. Nothing leaves this machine.</p>
"""


def guide_browser() -> QTextBrowser:
    browser = QTextBrowser()
    browser.setObjectName("token_guide")
    browser.setOpenExternalLinks(True)
    browser.setHtml(GUIDE_HTML)
    return browser
