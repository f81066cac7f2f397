frappe.listview_settings["Shipment Notice"] = {
	onload(listview) {
		foreign_trade_crm.excel.add_list_export(listview, [
			"Shipment Notices",
			"Shipment Notice Lines",
		]);
	},
	add_fields: ["sales_invoice", "advice_sent_on"],
	get_indicator(doc) {
		if (doc.docstatus === 2) return [__("Cancelled"), "red", "docstatus,=,2"];
		if (doc.docstatus === 0) return [__("Draft"), "red", "docstatus,=,0"];
		if (doc.advice_sent_on) return [__("Advised"), "green", "docstatus,=,1"];
		return [__("Shipped"), "blue", "docstatus,=,1"];
	},
};
