import Hummingbird

/// The dashboard's stylesheet and its one script, served from the binary: nothing is loaded from elsewhere.
enum DashboardAssets {
    static func response(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "\(type); charset=utf-8", .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// What the pages do with script: copy a secret shown once, ask before a destructive button, and keep a
    /// page current. The pages work without it, only not live.
    static let script = """
        document.addEventListener('click', async (event) => {
          const id = event.target.dataset && event.target.dataset.copy;
          if (!id) return;
          const text = document.getElementById(id);
          try {
            // Only pages served over https (or from localhost) have the clipboard API.
            await navigator.clipboard.writeText(text.textContent);
            event.target.textContent = 'Copied';
          } catch {
            getSelection().selectAllChildren(text);
            event.target.textContent = 'Selected: copy it with Ctrl+C';
          }
        });

        document.addEventListener('submit', (event) => {
          const question = event.target.dataset.confirm;
          if (question && !confirm(question)) event.preventDefault();
        });

        // The server says when the account changed (a job moved, a computer came or went); the page then
        // fetches itself and replaces each element marked data-live with its new version, leaving the rest
        // (a form being filled in) alone. A change told during a fetch is fetched after it.
        (() => {
          if (document.querySelectorAll('[data-live]').length === 0 || !window.EventSource) return;
          let shown = document.body.dataset.version;
          let changed = false;
          let fetching = false;
          const refresh = async () => {
            if (fetching) return;
            fetching = true;
            try {
              while (changed) {
                changed = false;
                const answer = await fetch(location.href, { credentials: 'same-origin' });
                // A page shown in answer to a form has no address of its own to fetch again.
                if (!answer.ok) return;
                const fresh = new DOMParser().parseFromString(await answer.text(), 'text/html');
                for (const element of document.querySelectorAll('[data-live]')) {
                  const replacement = fresh.getElementById(element.id);
                  if (replacement) element.innerHTML = replacement.innerHTML;
                }
                shown = fresh.body.dataset.version;
              }
            } finally {
              fetching = false;
            }
          };
          let events = null;
          const listen = () => {
            events = new EventSource('/dashboard/live');
            events.onmessage = (message) => {
              if (message.data !== shown) { changed = true; refresh(); }
            };
          };
          // A hidden tab lets its stream go: a browser opens only a few connections to one server, and each
          // open tab would hold one. Shown again, it catches up at once (the stream's first message).
          document.addEventListener('visibilitychange', () => {
            if (document.hidden && events) { events.close(); events = null; }
            else if (!document.hidden && !events) listen();
          });
          if (!document.hidden) listen();
        })();
        """

    static let style = """
        :root { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
        body { margin: 0; }
        header { display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: .5rem;
          padding: .75rem 1rem; background: #1d2330; color: #fff; }
        header a { color: #fff; } header a.brand { font-weight: 700; text-decoration: none; }
        nav { display: flex; flex-wrap: wrap; gap: 1rem; flex: 1; padding-left: 1rem; }
        nav a[aria-current] { font-weight: 700; }
        .hidden { position: absolute; left: -10000px; }
        .created { background: #fff7d6; padding: .75rem; border-radius: .5rem; overflow-wrap: anywhere; }
        .signout { display: flex; gap: .5rem; align-items: center; }
        main { max-width: 64rem; margin: 0 auto; padding: 1rem; }
        .stack { display: grid; grid-template-columns: minmax(0, 1fr); gap: .5rem; max-width: 26rem; }
        input, select { max-width: 100%; box-sizing: border-box; }
        .filters { display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
        .filters label { display: grid; gap: .25rem; }
        .actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        .actions form { display: inline; }
        input, button, select { font: inherit; padding: .5rem; }
        button { cursor: pointer; }
        button.danger { color: #a8071a; }
        :focus-visible { outline: 3px solid #3b6fd8; outline-offset: 2px; }
        .problem { color: #a8071a; font-weight: 600; }
        .notice { color: #1a7f37; font-weight: 600; }
        .hint, .empty { color: #555; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .5rem; }
        .figures div { background: #fff; padding: .75rem; border-radius: .5rem; }
        .figures dd { margin: 0; font-size: 1.5rem; font-weight: 700; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
        table { width: 100%; border-collapse: collapse; background: #fff; }
        th, td { text-align: left; padding: .5rem; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
        ol.timeline { padding-left: 1.25rem; } ol.timeline li { margin-bottom: .25rem; }
        .state-online, .state-completed, .state-succeeded { color: #1a7f37; }
        .state-offline, .state-error, .state-failed { color: #a8071a; }
        code { overflow-wrap: anywhere; }
        @media (max-width: 40rem) {
          table, thead, tbody, tr, th, td { display: block; } thead { display: none; }
          tr { border-bottom: 2px solid #e3e6ea; } td { border: 0; padding: .25rem .5rem; }
          header { flex-direction: column; align-items: flex-start; } nav { padding-left: 0; }
        }
        """
}
