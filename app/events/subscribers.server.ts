// Every subscriber, registered by importing its module here. The command runner and the dispatcher's timer import
// this file, so a subscriber exists whenever an event can be emitted. A new area adds its subscriber modules here.
import "./dispatcher.server";
import "~/features/loop/subscribers/status-changed.server";
import "~/features/loop/subscribers/ideas-merged.server";
import "~/features/loop/subscribers/idea-unmerged.server";
import "~/features/groups/subscribers/membership-notices.server";
import "~/features/groups/subscribers/invitation-emails.server";
import "~/features/ideas/subscribers/comment-readers.server";
import "~/features/ideas/subscribers/idea-recorded.server";
import "~/features/moderation/subscribers/moderation-notices.server";
