"""The buyer reminder e-mails the app ships, as Frappe Email Templates (editable by admins).

Made on install and migrate when missing, removed on uninstall. "<name> (zh)" is used for
buyers whose customer language is zh (Simplified Chinese); the English one for the others.
Jinja context: name, customer, customer_name, due_date, days_late, amount, currency, doctype.
"""

QUOTATION_REMINDER = "Quotation Reply Reminder"
COUNTERSIGN_REMINDER = "Countersign Reminder"
PAYMENT_REMINDER = "Payment Reminder"
CONTACT_GREETING = "Contact Greeting"

# settings field → template name
SETTINGS_DEFAULTS = {
	"quotation_reminder_template": QUOTATION_REMINDER,
	"countersign_reminder_template": COUNTERSIGN_REMINDER,
	"payment_reminder_template": PAYMENT_REMINDER,
	"contact_greeting_template": CONTACT_GREETING,
}

EMAIL_TEMPLATES = {
	QUOTATION_REMINDER: (
		"Your reply to our quotation {{ name }}",
		"<p>Dear {{ customer_name }},</p>"
		"<p>We have not yet had your reply to our quotation <b>{{ name }}</b> "
		"({{ currency }} {{ amount }}), which was due on {{ due_date }}. "
		"Please let us know whether you accept it, or what you would change.</p>"
		"<p>Kind regards</p>",
	),
	f"{QUOTATION_REMINDER} (zh)": (
		"关于我方报价 {{ name }} 的回复",
		"<p>{{ customer_name }} 您好：</p>"
		"<p>我方报价 <b>{{ name }}</b>（{{ currency }} {{ amount }}）的回复日期为 {{ due_date }}，"
		"目前尚未收到您的回复。请告知是否接受，或需要调整哪些内容。</p>"
		"<p>此致</p>",
	),
	COUNTERSIGN_REMINDER: (
		"Please countersign contract {{ name }}",
		"<p>Dear {{ customer_name }},</p>"
		"<p>Contract <b>{{ name }}</b> was due to be countersigned on {{ due_date }}. "
		"Please return the countersigned copy so that we can go ahead with production and shipment.</p>"
		"<p>Kind regards</p>",
	),
	f"{COUNTERSIGN_REMINDER} (zh)": (
		"请回签合同 {{ name }}",
		"<p>{{ customer_name }} 您好：</p>"
		"<p>合同 <b>{{ name }}</b> 的回签截止日期为 {{ due_date }}。"
		"请尽快回传回签件，以便我方安排生产和出运。</p>"
		"<p>此致</p>",
	),
	PAYMENT_REMINDER: (
		"Payment reminder: invoice {{ name }}",
		"<p>Dear {{ customer_name }},</p>"
		"<p>Our invoice <b>{{ name }}</b> has {{ currency }} {{ amount }} unpaid, "
		"{{ days_late }} day(s) after the expected payment date of {{ due_date }}. "
		"Please arrange payment or let us know when it will be made.</p>"
		"<p>Kind regards</p>",
	),
	f"{PAYMENT_REMINDER} (zh)": (
		"付款提醒：发票 {{ name }}",
		"<p>{{ customer_name }} 您好：</p>"
		"<p>我方发票 <b>{{ name }}</b> 尚有 {{ currency }} {{ amount }} 未付，"
		"已超过预计付款日 {{ due_date }} {{ days_late }} 天。请安排付款或告知付款时间。</p>"
		"<p>此致</p>",
	),
	# a contact's birthday or anniversary; context also: occasion, contact_name, first_name
	CONTACT_GREETING: (
		"Best wishes, {{ first_name }}",
		"<p>Dear {{ first_name }},</p>"
		"<p>{% if occasion == 'Birthday' %}Happy birthday!{% else %}Congratulations on your "
		"{{ occasion | lower }}!{% endif %} All of us wish you a wonderful day, and thank you for the "
		"good work together.</p>"
		"<p>Kind regards</p>",
	),
	f"{CONTACT_GREETING} (zh)": (
		"{{ first_name }}，祝您一切顺利",
		"<p>{{ first_name }} 您好：</p>"
		"<p>{% if occasion == 'Birthday' %}祝您生日快乐！{% else %}祝贺您的纪念日！{% endif %}"
		"感谢一直以来的合作，祝您度过美好的一天。</p>"
		"<p>此致</p>",
	),
	f"{CONTACT_GREETING} (zh-TW)": (
		"{{ first_name }}，祝您一切順利",
		"<p>{{ first_name }} 您好：</p>"
		"<p>{% if occasion == 'Birthday' %}祝您生日快樂！{% else %}祝賀您的紀念日！{% endif %}"
		"感謝一直以來的合作，祝您度過美好的一天。</p>"
		"<p>此致</p>",
	),
}
