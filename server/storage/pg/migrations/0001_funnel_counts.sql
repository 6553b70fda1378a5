CREATE TABLE "funnel_counts" (
	"form_id" text NOT NULL,
	"day" text NOT NULL,
	"kind" text NOT NULL,
	"step" integer NOT NULL,
	"form_version" integer NOT NULL,
	"utm_source" text NOT NULL,
	"utm_medium" text NOT NULL,
	"utm_campaign" text NOT NULL,
	"referrer" text NOT NULL,
	"count" integer NOT NULL,
	CONSTRAINT "funnel_counts_form_id_day_kind_step_form_version_utm_source_utm_medium_utm_campaign_referrer_pk" PRIMARY KEY("form_id","day","kind","step","form_version","utm_source","utm_medium","utm_campaign","referrer")
);
--> statement-breakpoint
CREATE INDEX "funnel_counts_day" ON "funnel_counts" USING btree ("day");