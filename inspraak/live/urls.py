# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from inspraak.live import stream, views_phone, views_wall

W = "c/<slug:slug>/sessions/<int:session_id>/live/"

urlpatterns = [
    path("j/", views_phone.code_entry, name="live_code"),
    path("j/<str:code>/", views_phone.phone, name="live_phone"),
    path("j/<str:code>/join/", views_phone.join, name="live_join"),
    path("j/<str:code>/post/", views_phone.post, name="live_post"),
    path("j/<str:code>/postits/<int:postit_id>/", views_phone.edit, name="live_edit"),
    path("j/<str:code>/votes/<int:poll_id>/", views_phone.vote, name="live_vote"),
    path("j/<str:code>/endorse/<int:postit_id>/", views_phone.endorse, name="live_endorse"),
    path("j/<str:code>/events/", stream.phone_events, name="live_phone_events"),
    path(W, views_wall.wall, name="live_wall"),
    path(W + "board/", views_wall.board, name="live_board"),
    path(W + "counts/", views_wall.counts, name="live_counts"),
    path(W + "project/", views_wall.projection, name="live_projection"),
    path(W + "room/", views_wall.room, name="live_room"),
    path(W + "events/", stream.wall_events, name="live_wall_events"),
    path(W + "open/", views_wall.session_open, name="live_open"),
    path(W + "close/", views_wall.session_close, name="live_close"),
    path(W + "prompt/", views_wall.prompt, name="live_prompt"),
    path(W + "suggest/", views_wall.suggest, name="live_suggest"),
    path(W + "clusters/", views_wall.cluster_new, name="live_cluster_new"),
    path(W + "clusters/<int:cluster_id>/", views_wall.cluster_action, name="live_cluster"),
    path(W + "postits/<int:postit_id>/", views_wall.postit_action, name="live_postit"),
    path(W + "polls/", views_wall.poll_new, name="live_poll_new"),
    path(W + "opinions/", views_wall.opinions_show, name="live_opinions"),
    path(W + "polls/<int:poll_id>/", views_wall.poll_action, name="live_poll"),
]
