"""Application entry point: ``uvicorn app.main:app``."""

import logging
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app.api import API_PREFIX, books, purchases, users
from app.config import get_settings
from app.services.payments import build_client


@asynccontextmanager
async def lifespan(application: FastAPI) -> AsyncGenerator[None, None]:
    """Create the shared clients at start-up and close them at shutdown.

    Args:
        application: The application being started.

    Yields:
        Control to the running application.
    """
    settings = get_settings()
    logging.basicConfig(level=settings.log_level)
    application.state.payments = build_client(settings)
    try:
        yield
    finally:
        application.state.payments.close()


def create_app() -> FastAPI:
    """Build the application and mount the versioned routers.

    Returns:
        The configured FastAPI application.
    """
    application = FastAPI(
        title="Bookshop API",
        version="0.1.0",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        lifespan=lifespan,
    )
    application.include_router(users.router)
    application.include_router(books.router)
    application.include_router(purchases.router)
    return application


app = create_app()
