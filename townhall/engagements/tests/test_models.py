"""Records the public sent or saw are never deleted (quality bar: nothing the public submits
is ever lost)."""

from __future__ import annotations

import pytest

from townhall.engagements.models import (
    CommunityRequest,
    EngagementText,
    Resource,
    TrainingMaterialVersion,
)


@pytest.mark.parametrize(
    "model", [CommunityRequest, Resource, TrainingMaterialVersion, EngagementText]
)
def test_public_records_refuse_deletion_by_query_and_by_instance(model: type) -> None:
    with pytest.raises(TypeError, match="never deleted"):
        model.objects.all().delete()
    with pytest.raises(TypeError, match="never deleted"):
        model().delete()
