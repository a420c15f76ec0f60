"""Start the sync service on the embedded default and say where things are."""

import os
from pathlib import Path

from nocontact import create_app


def main() -> None:
    """Run the development server on 127.0.0.1 and print the extension folder."""
    host = os.environ.get("NOCONTACT_HOST", "127.0.0.1")
    port = int(os.environ.get("NOCONTACT_PORT", "5080"))
    app = create_app()
    extension = Path(__file__).resolve().parents[2] / "extension"
    print(f"No Contact sync service listening on http://{host}:{port}")
    print(f"Load the extension unpacked from {extension}")
    app.run(host=host, port=port)


if __name__ == "__main__":
    main()
